/**
 * Reads one counter of Dexter's `/metrics` (loopback is allowed without a token), summed by one
 * label, so a section can say where its upstream calls went: `countsBy(url, 'dexter_upstream_calls_total',
 * 'operation')` before and after a window, then `difference(after, before)`.
 */
import { request } from 'undici';

export async function countsBy(
  origin: string,
  metric: string,
  label: string,
): Promise<Record<string, number>> {
  const res = await request(new URL('/metrics', origin));
  const text = await res.body.text();
  const counts: Record<string, number> = {};
  const labelPattern = new RegExp(`${label}="([^"]*)"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`)) continue;
    const key = labelPattern.exec(line)?.[1] ?? '';
    counts[key] = (counts[key] ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return counts;
}

export function difference(
  after: Record<string, number>,
  before: Record<string, number>,
): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const moved = value - (before[key] ?? 0);
    if (moved > 0) delta[key] = moved;
  }
  return Object.fromEntries(Object.entries(delta).sort((a, b) => b[1] - a[1]));
}
