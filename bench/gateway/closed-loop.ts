/**
 * Closed-loop GET load for throughput: `connections` senders, each with one request in flight on
 * its own keep-alive connection of an undici Pool, asking for the same path for a warm-up and then
 * a measured window of fixed length. A response counts in the window when it arrives inside it;
 * no sender starts a request after the window closes, and every request has a timeout, so the run
 * always ends. The client does as little as it can per response (counts bytes, reads one header),
 * because on a small machine its CPU competes with the server's.
 */
import { Pool } from 'undici';
import { type LatencySummary, summarizeLatencies } from '../lib/percentiles';
import { tally } from './timed-request';

export interface ClosedLoopPlan {
  origin: string;
  path: string;
  headers: Record<string, string>;
  connections: number;
  warmupMs: number;
  measureMs: number;
  onMeasureStart?(): void;
  onMeasureEnd?(): void;
}

export interface ClosedLoopResult {
  requests: number;
  durationMs: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  /** Responses in the window by status (0: no answer). */
  statuses: Record<string, number>;
  /** Responses in the window by `x-dexter-cache`. */
  cache: Record<string, number>;
  meanBodyBytes: number;
  clientCpuMs: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

export async function runClosedLoop(plan: ClosedLoopPlan): Promise<ClosedLoopResult> {
  const pool = new Pool(plan.origin, {
    connections: plan.connections,
    pipelining: 1,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: 60_000,
  });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const cache: Record<string, number> = {};
  let bytes = 0;
  let phase: 'warmup' | 'measure' | 'done' = 'warmup';
  let windowStart = 0;
  let durationMs = 0;
  let cpuAtStart = process.cpuUsage();
  let clientCpuMs = 0;

  const closeWindow = () => {
    phase = 'done';
    durationMs = performance.now() - windowStart;
    const cpu = process.cpuUsage(cpuAtStart);
    clientCpuMs = (cpu.user + cpu.system) / 1000;
    plan.onMeasureEnd?.();
  };
  let timer = setTimeout(() => {
    phase = 'measure';
    windowStart = performance.now();
    cpuAtStart = process.cpuUsage();
    plan.onMeasureStart?.();
    timer = setTimeout(closeWindow, plan.measureMs);
  }, plan.warmupMs);

  async function sender(): Promise<void> {
    while (phase !== 'done') {
      const started = performance.now();
      let status = 0;
      let size = 0;
      let outcome = 'none';
      try {
        const response = await pool.request({ method: 'GET', path: plan.path, headers: plan.headers });
        status = response.statusCode;
        const header = response.headers['x-dexter-cache'];
        if (typeof header === 'string') outcome = header;
        for await (const chunk of response.body) size += (chunk as Buffer).length;
      } catch {
        status = 0;
      }
      if (phase !== 'measure') continue;
      latencies.push(performance.now() - started);
      tally(statuses, status);
      tally(cache, outcome);
      bytes += size;
    }
  }

  try {
    await Promise.all(Array.from({ length: plan.connections }, sender));
  } finally {
    clearTimeout(timer);
    await pool.close();
  }
  return {
    requests: latencies.length,
    durationMs,
    requestsPerSecond: (latencies.length / durationMs) * 1000,
    latencyMs: summarizeLatencies(latencies),
    statuses,
    cache,
    meanBodyBytes: latencies.length > 0 ? bytes / latencies.length : 0,
    clientCpuMs,
  };
}
