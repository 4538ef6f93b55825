/**
 * The server's event-loop lag over the measured window, from its own `/metrics` (prom-client's
 * default `nodejs_eventloop_lag_*` gauges, whose histogram restarts at every scrape): one scrape
 * when the window opens (which restarts it), one when it closes. Loopback needs no token.
 */
import { request } from 'undici';

export interface EventLoopLag {
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

async function scrape(origin: string): Promise<EventLoopLag> {
  const response = await request(new URL('/metrics', origin));
  const text = await response.body.text();
  const gauge = (name: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`dexter_nodejs_eventloop_lag_${name}_seconds `));
    const value = line ? Number(line.slice(line.lastIndexOf(' ') + 1)) * 1000 : Number.NaN;
    return Math.round(value * 100) / 100;
  };
  return { p50_ms: gauge('p50'), p99_ms: gauge('p99'), max_ms: gauge('max') };
}

/** Opens a window now; the returned function closes it and gives the lag within it. */
export function startLagWindow(origin: string): () => Promise<EventLoopLag> {
  const opened = scrape(origin);
  return async () => {
    await opened;
    return scrape(origin);
  };
}
