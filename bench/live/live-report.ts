/** Figures and the readable summary of the live bench, from what the clients and /proc reported. */
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
}

/** CPU cores each party used during a phase (the phase and its settle time). */
const cores = (phase: Phase) => {
  const seconds = phase.figures.durationMs / 1000;
  return {
    server: round(phase.serverCpuSeconds / seconds, 2),
    clients: round(phase.clientCpuSeconds / seconds, 2),
    sender: round(phase.senderCpuSeconds / seconds, 2),
  };
};

export interface LiveRun {
  clients: number;
  latency: Phase;
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

export function liveFigures(run: LiveRun) {
  const { latency, burst, clients } = run;
  // Per second of load: what the clients got for the events sent in the window (the deliveries of
  // the last events land in the settle time after it, and belong to it).
  const latencySeconds = latency.sent.durationMs / 1000;
  const burstSeconds = burst.sent.durationMs / 1000;
  const latencySummary: LatencySummary = summarizeLatencies(latency.figures.latenciesMs);
  return {
    clients,
    connectSeconds: round(run.connectMs / 1000, 2),
    latencyMs: {
      p50: round(latencySummary.p50),
      p90: round(latencySummary.p90),
      p99: round(latencySummary.p99),
      max: round(latencySummary.max),
      samples: latencySummary.count,
      perEvent: firstAndLast(latency.figures),
    },
    newIssuesPerSecond: round(latency.sent.accepted / (latency.sent.durationMs / 1000)),
    deliveredShare: round(latency.figures.created / Math.max(1, latency.sent.accepted * clients), 4),
    messagesPerSecond: Math.round(latency.figures.messages / latencySeconds),
    cpuCores: cores(latency),
    serverRssMb: {
      baseline: mb(run.memory.baselineRssBytes),
      connected: mb(run.memory.connectedRssBytes),
      peak: mb(run.memory.peakRssBytes),
    },
    burst: {
      offeredEventsPerSecond: round(burst.sent.sent / (burst.sent.durationMs / 1000)),
      acceptedEventsPerSecond: round(burst.sent.accepted / (burst.sent.durationMs / 1000)),
      perClientMessagesPerSecond: round(burst.figures.messages / clients / burstSeconds, 2),
      perClientCountMessagesPerSecond: round(burst.figures.countMessages / clients / burstSeconds, 2),
      perClientEventsCoveredPerSecond: round(burst.figures.countEvents / clients / burstSeconds),
      coveredShare: round(burst.figures.countEvents / Math.max(1, burst.sent.accepted * clients), 4),
      resyncs: burst.figures.resyncs,
      cpuCores: cores(burst),
    },
  };
}

export function formatLiveSummary(figures: ReturnType<typeof liveFigures>): string {
  const { latencyMs: l, burst: b } = figures;
  return [
    `${figures.clients} WebSocket clients connected in ${figures.connectSeconds} s`,
    `new issues at ${figures.newIssuesPerSecond}/s, event-to-client latency: p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms (${l.samples} deliveries, ${(figures.deliveredShare * 100).toFixed(2)}% of expected)`,
    `per event: first client p50 ${l.perEvent.firstClientMs.p50} ms / p99 ${l.perEvent.firstClientMs.p99} ms, last client p50 ${l.perEvent.lastClientMs.p50} ms / p99 ${l.perEvent.lastClientMs.p99} ms (${l.perEvent.events} events)`,
    `messages to clients: ${figures.messagesPerSecond}/s; CPU cores used: ${JSON.stringify(figures.cpuCores)}`,
    `server RSS: ${figures.serverRssMb.baseline} MB before clients, ${figures.serverRssMb.connected} MB with them, peak ${figures.serverRssMb.peak} MB`,
    `burst: ${b.offeredEventsPerSecond} events/s offered, ${b.acceptedEventsPerSecond}/s accepted; each client got ${b.perClientMessagesPerSecond} messages/s (${b.perClientCountMessagesPerSecond} counts messages/s covering ${b.perClientEventsCoveredPerSecond} events/s, ${(b.coveredShare * 100).toFixed(2)}% of accepted); ${b.resyncs} resyncs; CPU cores used: ${JSON.stringify(b.cpuCores)}`,
  ].join('\n');
}
