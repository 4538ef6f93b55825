/**
 * Timeline query latency: the events-per-hour-per-release series over 14 days, as the release
 * timeline asks for it, timed end to end over HTTP on loopback against Dexter's process (the
 * built-in store runs inside it). Queries rotate through filters (all environments, each
 * environment, the project) so that no answer is a repeat. Beside the latencies: Dexter's CPU per
 * query (from /proc) and how late `/healthz` answers while the queries run, sampled every 25 ms,
 * which is what the event loop's lag costs every other client.
 */
import { readCpuSeconds } from '../lib/proc-stats';

export interface TimelineTarget {
  url: string;
  pid: number;
  /** Path and query of one timeline request, for the i-th query. */
  path(i: number): string;
  headers: Record<string, string>;
}

export interface TimelineLatency {
  ms: number[];
  cpuMsPerQuery: number;
  /** Answers of `/healthz` during the run, ms. */
  probeMs: number[];
  /** Series in the last answer (a check that the query did group by release). */
  series: number;
}

async function timed(url: string, headers: Record<string, string>) {
  const started = performance.now();
  const response = await fetch(url, { headers });
  const body = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${body.slice(0, 300)}`);
  return { ms: performance.now() - started, body };
}

/** Samples `/healthz` until stopped. */
function probeHealth(url: string) {
  const samples: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
      samples.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}

export async function measureTimeline(
  target: TimelineTarget,
  options: { warmup: number; queries: number },
): Promise<TimelineLatency> {
  let last = '';
  for (let i = 0; i < options.warmup; i++)
    last = (await timed(`${target.url}${target.path(i)}`, target.headers)).body;
  const probe = probeHealth(target.url);
  const cpuBefore = readCpuSeconds(target.pid);
  const ms: number[] = [];
  for (let i = 0; i < options.queries; i++) {
    const run = await timed(`${target.url}${target.path(options.warmup + i)}`, target.headers);
    ms.push(run.ms);
    last = run.body;
  }
  const cpuSeconds = readCpuSeconds(target.pid) - cpuBefore;
  const probeMs = await probe.stop();
  const parsed = JSON.parse(last) as { timeSeries?: unknown[]; series?: unknown[] };
  return {
    ms,
    // The probe's requests are a small share of the CPU; they are counted in, which flatters nothing.
    cpuMsPerQuery: (cpuSeconds * 1000) / options.queries,
    probeMs,
    series: (parsed.timeSeries ?? parsed.series ?? []).length,
  };
}
