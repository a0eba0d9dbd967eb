// Where to put a label so it hides as little of the chart's lines as possible: candidate boxes are scored
// by how many line segments pass through them, and boxes that touch an already placed label are ruled out.

export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface Segment {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** Consecutive pixel points joined; a null point (a gap in the series) joins nothing. */
export function segmentsOf(
  points: ReadonlyArray<{ readonly x: number; readonly y: number } | null>,
): Segment[] {
  const out: Segment[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (a && b) out.push({ x1: a.x, y1: a.y, x2: b.x, y2: b.y });
  }
  return out;
}

export function rectsTouch(a: Rect, b: Rect, gap = 4): boolean {
  return (
    a.left < b.left + b.width + gap &&
    b.left < a.left + a.width + gap &&
    a.top < b.top + b.height + gap &&
    b.top < a.top + a.height + gap
  );
}

/** Segments whose bounding box meets the rectangle (a cheap, slightly generous test for short segments). */
export function crossings(rect: Rect, segments: readonly Segment[], pad = 2): number {
  const left = rect.left - pad;
  const right = rect.left + rect.width + pad;
  const top = rect.top - pad;
  const bottom = rect.top + rect.height + pad;
  let count = 0;
  for (const s of segments) {
    if (Math.max(s.x1, s.x2) < left || Math.min(s.x1, s.x2) > right) continue;
    if (Math.max(s.y1, s.y2) < top || Math.min(s.y1, s.y2) > bottom) continue;
    count++;
  }
  return count;
}

/** The candidate crossing the fewest segments (the earliest on a tie) that touches no taken label, or null. */
export function pickPlacement(
  candidates: readonly Rect[],
  segments: readonly Segment[],
  taken: readonly Rect[],
): Rect | null {
  let best: Rect | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (taken.some((t) => rectsTouch(candidate, t))) continue;
    const score = crossings(candidate, segments);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
