/**
 * The map's colour scale: events per country span orders of magnitude (one country with
 * thousands, many with a handful), so a linear scale would paint all but the top one alike.
 * Piece bounds follow the 1-2-5 series (1, 2–4, 5–9, 10–19, 20–49, …) up to the largest count;
 * past six pieces they are powers of ten (1–9, 10–99, …), the lowest merged to keep six. Each
 * count falls in exactly one piece; the last is open-ended.
 */
export interface ScalePiece {
  /** Inclusive. */
  min: number;
  /** Inclusive; absent for the last, open-ended piece. */
  max?: number;
  label: string;
  color: string;
}

/**
 * Light to dark (ColorBrewer's OrRd without its palest steps, so one event still stands out from
 * the grey of a country with none), spread over the pieces there are.
 */
const COLORS = ['#fdbb84', '#fc8d59', '#ef6548', '#d7301f', '#b30000', '#7f0000'];
const MAX_PIECES = COLORS.length;

const format = (n: number) => n.toLocaleString('en-US');

function bounds(maxEvents: number): number[] {
  const top = Math.max(1, maxEvents);
  const series: number[] = [];
  for (let decade = 1; decade <= top; decade *= 10) {
    for (const step of [1, 2, 5]) if (step * decade <= top) series.push(step * decade);
  }
  if (series.length <= MAX_PIECES) return series;
  const decades = series.filter((n) => /^10*$/.test(String(n)));
  return decades.length <= MAX_PIECES ? decades : [1, ...decades.slice(-(MAX_PIECES - 1))];
}

export function logPieces(maxEvents: number): ScalePiece[] {
  const starts = bounds(maxEvents);
  const n = starts.length;
  return starts.map((min, i) => {
    const next = starts[i + 1];
    const color = COLORS[n === 1 ? 3 : Math.round((i * (COLORS.length - 1)) / (n - 1))]!;
    if (next === undefined) return { min, label: `${format(min)}+`, color };
    const max = next - 1;
    return { min, max, label: max === min ? format(min) : `${format(min)}–${format(max)}`, color };
  });
}
