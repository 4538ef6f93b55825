/**
 * Closed-loop load over keep-alive connections: `concurrency` senders, each with one request in
 * flight on its own connection of an undici Pool, as many SDK processes would post. A warm-up
 * runs first; then a measured window of fixed length (or request count). A response counts in
 * the window when it arrives inside it; requests still in flight when the window closes are
 * awaited and counted in the totals only (their events are stored too). The run always ends:
 * every request has a timeout and no sender starts a request after the window.
 */
import { Pool } from 'undici';

export interface Delivery {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  eventId: string;
  /** Which bug of the catalog the event belongs to. */
  bug: number;
}

export interface LoadPlan {
  origin: string;
  concurrency: number;
  warmupMs: number;
  measureMs: number;
  /** The measured window also closes once this many requests were started in it. */
  maxMeasuredRequests: number;
  requestTimeoutMs: number;
  next(): Delivery;
  onMeasureStart?(): void;
  onMeasureEnd?(): void;
}

export interface Tally {
  requests: number;
  /** 200 whose body carried the event id that was sent. */
  accepted: number;
  rateLimited: number;
  /** Any other HTTP status, by status. */
  otherStatus: Record<string, number>;
  /** 200 with a body that did not name the sent event. */
  idMismatch: number;
  /** No HTTP response at all (connection error, timeout). */
  failed: number;
}

export interface LoadResult {
  measured: Tally & { durationMs: number; latenciesMs: number[]; clientCpuMs: number };
  total: Tally;
  acceptedBugs: Set<number>;
  firstProblem: string | undefined;
}

// A real SDK drops events for Retry-After seconds after a 429; a sender here only pauses briefly,
// so the server keeps being probed and 429s are counted rather than hidden.
const RATE_LIMIT_PAUSE_MS = 100;

const newTally = (): Tally => ({
  requests: 0,
  accepted: 0,
  rateLimited: 0,
  otherStatus: {},
  idMismatch: 0,
  failed: 0,
});

type Outcome = { status: number; body: string } | { status: 0; error: string };

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const pool = new Pool(plan.origin, {
    connections: plan.concurrency,
    pipelining: 1,
    headersTimeout: plan.requestTimeoutMs,
    bodyTimeout: plan.requestTimeoutMs,
    keepAliveTimeout: 60_000,
  });
  const measured = { ...newTally(), durationMs: 0, latenciesMs: [] as number[], clientCpuMs: 0 };
  const total = newTally();
  const acceptedBugs = new Set<number>();
  let firstProblem: string | undefined;

  let phase: 'warmup' | 'measure' | 'done' = 'warmup';
  let measureStart = 0;
  let measureCpu = process.cpuUsage();
  let startedInWindow = 0;
  let timer: NodeJS.Timeout | undefined;

  const closeWindow = () => {
    if (phase !== 'measure') return;
    phase = 'done';
    clearTimeout(timer);
    measured.durationMs = performance.now() - measureStart;
    const cpu = process.cpuUsage(measureCpu);
    measured.clientCpuMs = (cpu.user + cpu.system) / 1000;
    plan.onMeasureEnd?.();
  };
  const openWindow = () => {
    phase = 'measure';
    measureStart = performance.now();
    measureCpu = process.cpuUsage();
    plan.onMeasureStart?.();
    timer = setTimeout(closeWindow, plan.measureMs);
  };
  timer = setTimeout(openWindow, plan.warmupMs);

  function record(tally: Tally, delivery: Delivery, outcome: Outcome): void {
    tally.requests += 1;
    if (outcome.status === 200) {
      if (parseId(outcome.body) === delivery.eventId) tally.accepted += 1;
      else tally.idMismatch += 1;
    } else if (outcome.status === 429) {
      tally.rateLimited += 1;
    } else if (outcome.status === 0) {
      tally.failed += 1;
    } else {
      tally.otherStatus[outcome.status] = (tally.otherStatus[outcome.status] ?? 0) + 1;
    }
  }

  async function sender(): Promise<void> {
    while (phase !== 'done') {
      if (phase === 'measure' && ++startedInWindow > plan.maxMeasuredRequests) {
        closeWindow();
        break;
      }
      const delivery = plan.next();
      const started = performance.now();
      const outcome = await send(pool, delivery);
      const latency = performance.now() - started;
      const inWindow = phase === 'measure';
      record(total, delivery, outcome);
      if (inWindow) {
        record(measured, delivery, outcome);
        measured.latenciesMs.push(latency);
      }
      if (outcome.status === 200 && parseId(outcome.body) === delivery.eventId)
        acceptedBugs.add(delivery.bug);
      else firstProblem ??= describe(outcome);
      if (outcome.status === 429) await new Promise((resolve) => setTimeout(resolve, RATE_LIMIT_PAUSE_MS));
    }
  }

  try {
    await Promise.all(Array.from({ length: plan.concurrency }, sender));
  } finally {
    clearTimeout(timer);
    await pool.close();
  }
  return { measured, total, acceptedBugs, firstProblem };
}

async function send(pool: Pool, delivery: Delivery): Promise<Outcome> {
  try {
    const response = await pool.request({
      method: 'POST',
      path: delivery.path,
      headers: delivery.headers,
      body: delivery.body,
    });
    return { status: response.statusCode, body: await response.body.text() };
  } catch (error) {
    return { status: 0, error: error instanceof Error ? error.message : String(error) };
  }
}

function parseId(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const id = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'id') : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

function describe(outcome: Outcome): string {
  return 'error' in outcome
    ? `request failed: ${outcome.error}`
    : `HTTP ${outcome.status}: ${outcome.body.slice(0, 200)}`;
}
