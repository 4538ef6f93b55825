/** Figures and the readable summary of the live bench, from what the clients and /proc reported. */
import type { EventLoopLag } from '../lib/event-loop-lag';
import { type LatencySummary, summarizeLatencies } from '../lib/percentiles';
import type { PhaseFigures } from './client-protocol';
import type { SendResult } from './event-sender';

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1024 / 1024);

interface Phase {
  figures: PhaseFigures;
  sent: SendResult;
  serverCpuSeconds: number;
  clientCpuSeconds: number;
  senderCpuSeconds: number;
  /** CPU other processes on the machine used meanwhile: a busy machine makes runs incomparable. */
  otherCpuSeconds: number;
  /** Busy CPU of the whole machine meanwhile (all parties and everyone else). */
  machineCpuSeconds: number;
  serverLoopLagMs: EventLoopLag;
}

/** The issue's target: p99 event-to-client latency under 250 ms at 25,000 messages/s. */
export const LIVE_TARGET = { p99Ms: 250, messagesPerSecond: 25_000 };

/**
 * A party at its limit: a single-threaded process using most of a core, or the machine with no
 * idle CPU left. Event-loop lag names a process only while the machine had CPU to spare: on a
 * saturated machine a process that lags is waiting for a CPU, not busy, and the machine is named.
 */
const SATURATED = { processCores: 0.85, loopLagP99Ms: 100, machineShare: 0.9 };

function saturation(phase: Phase, cpus: number) {
  const seconds = phase.figures.durationMs / 1000;
  const machineBusy = phase.machineCpuSeconds / seconds >= SATURATED.machineShare * cpus;
  const lagging = (p99: number) => !machineBusy && p99 >= SATURATED.loopLagP99Ms;
  const sides: string[] = [];
  if (phase.serverCpuSeconds / seconds >= SATURATED.processCores || lagging(phase.serverLoopLagMs.p99Ms))
    sides.push('server');
  const client = phase.figures;
  if (client.busiestProcessCores >= SATURATED.processCores || lagging(client.loopLagMs.p99))
    sides.push('clients');
  if (machineBusy) {
    const others = phase.otherCpuSeconds / seconds;
    sides.push(others >= cpus / 2 ? 'machine (other processes)' : 'machine');
  }
  return sides;
}

/** CPU cores each party used during a phase (the phase and its settle time). */
const cores = (phase: Phase) => {
  const seconds = phase.figures.durationMs / 1000;
  return {
    server: round(phase.serverCpuSeconds / seconds, 2),
    clients: round(phase.clientCpuSeconds / seconds, 2),
    sender: round(phase.senderCpuSeconds / seconds, 2),
    otherProcesses: round(phase.otherCpuSeconds / seconds, 2),
  };
};

export interface LiveRun {
  clients: number;
  cpus: number;
  latency: Phase[];
  burst: Phase;
  memory: { connectedRssBytes: number; peakRssBytes: number; baselineRssBytes: number };
  connectMs: number;
}

/** Per event: the latency of the first client to get it and of the last (the fan-out's spread). */
function firstAndLast(figures: PhaseFigures) {
  const byEvent = new Map<number, { first: number; last: number }>();
  figures.stamps.forEach((stamp, index) => {
    const latency = figures.latenciesMs[index]!;
    const seen = byEvent.get(stamp);
    if (!seen) byEvent.set(stamp, { first: latency, last: latency });
    else {
      seen.first = Math.min(seen.first, latency);
      seen.last = Math.max(seen.last, latency);
    }
  });
  const pick = (key: 'first' | 'last') => {
    const summary = summarizeLatencies([...byEvent.values()].map((e) => e[key]));
    return { p50: round(summary.p50), p99: round(summary.p99), max: round(summary.max) };
  };
  return { events: byEvent.size, firstClientMs: pick('first'), lastClientMs: pick('last') };
}

function latencyFigures(phase: Phase, clients: number, cpus: number) {
  const seconds = phase.sent.durationMs / 1000;
  const summary: LatencySummary = summarizeLatencies(phase.figures.latenciesMs);
  const ack = summarizeLatencies(phase.sent.ackMs);
  const messages = Math.max(1, phase.figures.messages);
  return {
    newIssuesPerSecond: round(phase.sent.accepted / seconds),
    messagesPerSecond: Math.round(phase.figures.messages / seconds),
    latencyMs: {
      p50: round(summary.p50),
      p90: round(summary.p90),
      p99: round(summary.p99),
      max: round(summary.max),
      samples: summary.count,
    },
    perEvent: firstAndLast(phase.figures),
    deliveredShare: round(phase.figures.created / Math.max(1, phase.sent.accepted * clients), 4),
    resyncs: phase.figures.resyncs,
    cpuCores: cores(phase),
    /** CPU per message delivered to a client: Dexter's to send it, the clients' to read it. */
    cpuUsPerMessage: {
      server: round((phase.serverCpuSeconds * 1e6) / messages, 2),
      clients: round((phase.clientCpuSeconds * 1e6) / messages, 2),
    },
    busiestClientProcessCores: round(phase.figures.busiestProcessCores, 2),
    eventLoopLagMs: {
      server: loopLag(phase.serverLoopLagMs),
      clients: {
        p50: round(phase.figures.loopLagMs.p50),
        p99: round(phase.figures.loopLagMs.p99),
        max: round(phase.figures.loopLagMs.max),
      },
    },
    /** The ingest's share: send to the store's answer, which comes once the event is committed. */
    ingestAckMs: { p50: round(ack.p50), p99: round(ack.p99), max: round(ack.max) },
    saturated: saturation(phase, cpus),
    target: LIVE_TARGET.p99Ms,
    met: summary.p99 < LIVE_TARGET.p99Ms,
  };
}

const loopLag = (lag: EventLoopLag) => ({
  p50: round(lag.p50Ms),
  p99: round(lag.p99Ms),
  max: round(lag.maxMs),
});

/** The acceptance figure: p99 of the first phase that reached the target's message rate. */
function atTargetRate(latency: ReturnType<typeof latencyFigures>[]) {
  const phase = latency.find((l) => l.messagesPerSecond >= LIVE_TARGET.messagesPerSecond * 0.95);
  return {
    messagesPerSecond: phase?.messagesPerSecond ?? Math.max(0, ...latency.map((l) => l.messagesPerSecond)),
    value: phase?.latencyMs.p99 ?? null,
    target: LIVE_TARGET.p99Ms,
    atMessagesPerSecond: LIVE_TARGET.messagesPerSecond,
    met: phase !== undefined && phase.latencyMs.p99 < LIVE_TARGET.p99Ms,
    saturated: phase?.saturated ?? [],
  };
}

export function liveFigures(run: LiveRun) {
  const { burst, clients } = run;
  // Per second of load: what the clients got for the events sent in the window (the deliveries of
  // the last events land in the settle time after it, and belong to it).
  const burstSeconds = burst.sent.durationMs / 1000;
  const latency = run.latency.map((phase) => latencyFigures(phase, clients, run.cpus));
  return {
    clients,
    connectSeconds: round(run.connectMs / 1000, 2),
    p99AtTargetRate: atTargetRate(latency),
    latency,
    serverRssMb: {
      baseline: mb(run.memory.baselineRssBytes),
      connected: mb(run.memory.connectedRssBytes),
      peak: mb(run.memory.peakRssBytes),
    },
    burst: {
      offeredEventsPerSecond: round(burst.sent.sent / burstSeconds),
      acceptedEventsPerSecond: round(burst.sent.accepted / burstSeconds),
      perClientMessagesPerSecond: round(burst.figures.messages / clients / burstSeconds, 2),
      perClientCountMessagesPerSecond: round(burst.figures.countMessages / clients / burstSeconds, 2),
      perClientEventsCoveredPerSecond: round(burst.figures.countEvents / clients / burstSeconds),
      coveredShare: round(burst.figures.countEvents / Math.max(1, burst.sent.accepted * clients), 4),
      resyncs: burst.figures.resyncs,
      cpuCores: cores(burst),
      eventLoopLagMs: { server: loopLag(burst.serverLoopLagMs) },
      saturated: saturation(burst, run.cpus),
    },
  };
}

export function formatLiveSummary(figures: ReturnType<typeof liveFigures>): string {
  const { burst: b } = figures;
  const latencyLines = figures.latency.map(
    (l) =>
      `${l.newIssuesPerSecond} new issues/s (${l.messagesPerSecond} messages/s to clients): latency p50 ${l.latencyMs.p50} ms, p90 ${l.latencyMs.p90} ms, p99 ${l.latencyMs.p99} ms, max ${l.latencyMs.max} ms over ${l.latencyMs.samples} deliveries (${(l.deliveredShare * 100).toFixed(2)}% of expected); ` +
      `first client p50 ${l.perEvent.firstClientMs.p50} / p99 ${l.perEvent.firstClientMs.p99} ms, last client p50 ${l.perEvent.lastClientMs.p50} / p99 ${l.perEvent.lastClientMs.p99} ms; CPU cores ${JSON.stringify(l.cpuCores)}\n` +
      `  ingest answer p50 ${l.ingestAckMs.p50} / p99 ${l.ingestAckMs.p99} ms; event-loop lag p99 server ${l.eventLoopLagMs.server.p99} ms, clients ${l.eventLoopLagMs.clients.p99} ms; ` +
      `busiest client process ${l.busiestClientProcessCores} cores; CPU per message server ${l.cpuUsPerMessage.server} µs, clients ${l.cpuUsPerMessage.clients} µs; ` +
      `saturated: ${l.saturated.length > 0 ? l.saturated.join(', ') : 'nothing'}; p99 < ${l.target} ms: ${l.met ? 'met' : 'MISSED'}`,
  );
  const t = figures.p99AtTargetRate;
  return [
    `${figures.clients} WebSocket clients connected in ${figures.connectSeconds} s`,
    ...latencyLines,
    `target: p99 < ${t.target} ms at ${t.atMessagesPerSecond} messages/s: ${t.value === null ? `no phase reached it (at most ${t.messagesPerSecond}/s)` : `${t.value} ms at ${t.messagesPerSecond}/s`}, ${t.met ? 'met' : 'MISSED'}`,
    `server RSS: ${figures.serverRssMb.baseline} MB before clients, ${figures.serverRssMb.connected} MB with them, peak ${figures.serverRssMb.peak} MB`,
    `burst: ${b.offeredEventsPerSecond} events/s offered, ${b.acceptedEventsPerSecond}/s accepted; each client got ${b.perClientMessagesPerSecond} messages/s (${b.perClientCountMessagesPerSecond} counts messages/s covering ${b.perClientEventsCoveredPerSecond} events/s, ${(b.coveredShare * 100).toFixed(2)}% of accepted); ${b.resyncs} resyncs; CPU cores ${JSON.stringify(b.cpuCores)}`,
  ].join('\n');
}
