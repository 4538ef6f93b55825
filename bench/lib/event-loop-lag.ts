/**
 * Dexter's event-loop lag over a window, from its own `/metrics` (prom-client's default
 * `nodejs_eventloop_lag_*` gauges, whose histogram is reset on every scrape): scrape once when the
 * window opens (which resets it), then `read()` when it closes. Loopback needs no token.
 * Node's monitor records the whole interval between its timer's runs, so the lag is that minus
 * the timer's period (prom-client's default precision, 10 ms).
 */
import { request } from 'undici';

/** prom-client's `eventLoopMonitoringPrecision` default, which Dexter does not change. */
const MONITOR_PERIOD_MS = 10;

export interface EventLoopLag {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

async function scrape(origin: string): Promise<EventLoopLag> {
  const res = await request(new URL('/metrics', origin));
  const text = await res.body.text();
  const gauge = (name: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`dexter_nodejs_eventloop_lag_${name}_seconds `));
    if (!line) return Number.NaN;
    return Math.max(0, Number(line.slice(line.lastIndexOf(' ') + 1)) * 1000 - MONITOR_PERIOD_MS);
  };
  return { p50Ms: gauge('p50'), p99Ms: gauge('p99'), maxMs: gauge('max') };
}

/** Opens a window now; the returned function closes it and gives the lag within it. */
export async function startLagWindow(origin: string): Promise<() => Promise<EventLoopLag>> {
  await scrape(origin);
  return () => scrape(origin);
}
