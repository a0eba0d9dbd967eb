// The bundled DejaVu Sans (assets/fonts), registered under a family name of its own so no system font is used.
import { join } from "node:path";
import { PROJECT_ROOT } from "../project-root.ts";
import { FONT_FAMILY } from "./frame-layout.ts";

export const FONT_DIR = join(PROJECT_ROOT, "assets", "fonts/");

export const BUNDLED_FONTS = [
  { file: "DejaVuSans.ttf", weight: "normal" },
  { file: "DejaVuSans-Bold.ttf", weight: "bold" },
] as const;

type RegisterFont = (path: string, options: { family: string; weight?: string; style?: string }) => void;

let registered = false;

/** Registers the fonts once per process; canvas needs this before its first canvas is created. */
export function registerBundledFonts(register: RegisterFont): void {
  if (registered) return;
  for (const { file, weight } of BUNDLED_FONTS) {
    register(`${FONT_DIR}${file}`, { family: FONT_FAMILY, weight, style: "normal" });
  }
  registered = true;
}
