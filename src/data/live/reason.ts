// The one-line reason a live call failed, as answers and logs say it: "Binance unavailable (HTTP 451)".
import { SourceError } from "../../core/base/errors.ts";

export function reasonOf(error: unknown): string {
  if (error instanceof SourceError) return `${error.provider} unavailable (${error.message})`;
  return `internal error (${(error as Error)?.message ?? String(error)})`;
}
