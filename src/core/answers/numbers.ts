// Numbers as answers write them: signed percentages, levels, dollars, shares; and the not-advice line.

export const NOT_ADVICE =
  "Not financial advice: past breakouts are few and describe history, not a forecast.";

export function signedPct(value: number | null, digits = 1): string {
  if (value === null || !Number.isFinite(value)) return "–";
  // -0.3 at no decimals is "0%", not "-0%".
  const fixed = Number(value.toFixed(digits)) === 0 ? (0).toFixed(digits) : value.toFixed(digits);
  return value > 0 && Number(fixed) !== 0 ? `+${fixed}%` : `${fixed}%`;
}

export function signed(value: number | null, digits = 2): string {
  if (value === null || !Number.isFinite(value)) return "–";
  const fixed = value.toFixed(digits);
  return value > 0 && Number(fixed) !== 0 ? `+${fixed}` : fixed;
}

export function level(value: number): string {
  if (value >= 1000) return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(4);
}

export function usd(value: number): string {
  if (value >= 1e12) return `$${(value / 1e12).toFixed(2)}T`;
  if (value >= 1e9) return `$${(value / 1e9).toFixed(1)}B`;
  if (value >= 1e6) return `$${(value / 1e6).toFixed(1)}M`;
  return `$${value.toFixed(0)}`;
}

export function share(value: number | null, digits = 0): string {
  if (value === null) return "–";
  return digits === 0 ? `${Math.round(value * 100)}%` : `${(value * 100).toFixed(digits)}%`;
}

/** "RUT: Yahoo Finance ^RUT, to 2026-08-21 (bundled snapshot)". */
