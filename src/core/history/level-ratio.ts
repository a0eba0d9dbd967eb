// How two sources of one series compare on the dates both have: the median of their level ratios, and how much
// those ratios vary ((p90 - p10) / median). A small spread means a constant factor apart (a rebasing, a later
// dividend adjustment, a narrower universe); a large one means they move differently.
import { quantile } from "../analytics/baseline.ts";

export interface LevelRatio {
  readonly ratio: number;
  readonly spread: number;
}

/** `ratios`: one per common date (either order); at least one. */
export function levelRatio(ratios: readonly number[]): LevelRatio {
  const sorted = [...ratios].sort((a, b) => a - b);
  const ratio = quantile(sorted, 0.5) as number;
  const spread = ((quantile(sorted, 0.9) as number) - (quantile(sorted, 0.1) as number)) / ratio;
  return { ratio, spread };
}
