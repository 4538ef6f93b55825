/**
 * Turns one ingest run's raw measurements into its figures (the JSON line other tools read) and
 * the human summary, with the anchors the figures are judged against.
 */
import type { MachineInfo } from '../lib/machine';
import { summarizeLatencies } from '../lib/percentiles';
import type { MemoryReading } from '../lib/proc-stats';
import type { EventLoopLag } from './event-loop-lag';
import type { EventReadFigures } from './event-reads';
import type { LoadResult } from './load-generator';

const ANCHORS = [
  'Bugsink (stated): 30 events/s of 50 KB on 2 vCPUs',
  'GlitchTip (measured): 295 to 447 requests/s on 2 CPUs',
  'Dexter targets on this 2-core machine (issue 25): >= 2,000 events/s of ~50 KB, < 1 s of server CPU ' +
    'per 1,000 events, <= 10 KB of database per event, peak RSS < 300 MB, accepted = stored',
];
const TARGET_EVENTS_PER_S = 2000;
const TARGET_CPU_S_PER_1K = 1;
const TARGET_DB_KB_PER_EVENT = 10;
const TARGET_RSS_MB = 300;

export interface IngestRun {
  machine: MachineInfo;
  settings: { concurrency: number; warmupSeconds: number; bugs: number; variantsPerBug: number };
  workload: {
    minFrames: number;
    maxFrames: number;
    envelopeBytes: number;
    wireBytes: number;
    buildMs: number;
  };
  server: {
    url: string;
    pid: number;
    idle: MemoryReading;
    end: MemoryReading;
    /** RSS of the server's child processes when the measured window closed (`process-tree.ts`). */
    childrenRssBytes: number;
    dbBytes: number;
    /** The database files before the first event: subtracted from `dbBytes` per event. */
    emptyDbBytes: number;
  };
  /** Server CPU seconds when the measured window opened and closed, and over the whole load. */
  serverCpu: { window: number; total: number };
  /** CPU seconds of the whole machine during the measured window: busy, and busy plus idle. */
  machineCpu: { busy: number; total: number };
  load: LoadResult;
  stored: { events: number; issues: number };
  /** The server's event-loop lag over the measured window. */
  lag: EventLoopLag;
  /** Decoding stored events back, from the database the run left (`event-reads.ts`). */
  reads: EventReadFigures;
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export function ingestFigures(run: IngestRun) {
  const { measured, total, acceptedBugs } = run.load;
  const seconds = measured.durationMs / 1000;
  const latency = summarizeLatencies(measured.latenciesMs);
  const eventsPerS = measured.accepted / seconds;
  const peakRssMb = mb(run.server.end.peakRssBytes);
  // Load the bench did not cause (other processes, or the hypervisor's steal); on a shared
  // machine a large value means the run's figures are not comparable to a quiet run's.
  const otherCpu = run.machineCpu.busy - run.serverCpu.window - measured.clientCpuMs / 1000;
  const cpuPer1k = run.serverCpu.window / (measured.accepted / 1000);
  const dbKbPerEvent = (run.server.dbBytes - run.server.emptyDbBytes) / 1024 / Math.max(1, run.stored.events);
  const consistent = run.stored.events === total.accepted && run.stored.issues === acceptedBugs.size;
  const targets = {
    events_per_s: {
      value: round(eventsPerS),
      target: `>= ${TARGET_EVENTS_PER_S}`,
      met: eventsPerS >= TARGET_EVENTS_PER_S,
    },
    server_cpu_s_per_1k: {
      value: round(cpuPer1k, 2),
      target: `< ${TARGET_CPU_S_PER_1K}`,
      met: cpuPer1k < TARGET_CPU_S_PER_1K,
    },
    db_kb_per_event: {
      value: round(dbKbPerEvent),
      target: `<= ${TARGET_DB_KB_PER_EVENT}`,
      met: dbKbPerEvent <= TARGET_DB_KB_PER_EVENT,
    },
    peak_rss_mb: { value: round(peakRssMb), target: `< ${TARGET_RSS_MB}`, met: peakRssMb < TARGET_RSS_MB },
    consistent: { value: consistent, target: true, met: consistent },
  };
  return {
    events_per_s: round(eventsPerS),
    p50_ms: round(latency.p50),
    p90_ms: round(latency.p90),
    p99_ms: round(latency.p99),
    max_ms: round(latency.max),
    peak_rss_mb: round(peakRssMb),
    end_rss_mb: round(mb(run.server.end.rssBytes)),
    idle_rss_mb: round(mb(run.server.idle.rssBytes)),
    children_rss_mb: round(mb(run.server.childrenRssBytes)),
    accepted: total.accepted,
    stored: run.stored.events,
    accepted_measured: measured.accepted,
    rejected_429: total.rateLimited,
    other_status: Object.values(total.otherStatus).reduce((sum, n) => sum + n, 0),
    failed: total.failed + total.idMismatch,
    issues: run.stored.issues,
    bugs_sent: acceptedBugs.size,
    server_cpu_s_per_1k: round(cpuPer1k, 2),
    server_cpu_s_total: round(run.serverCpu.total),
    client_cpu_s_per_1k: round(measured.clientCpuMs / measured.requests, 3),
    server_cores: round(run.serverCpu.window / seconds, 2),
    other_load_cores: round(Math.max(0, otherCpu) / seconds, 2),
    machine_busy_pct: round((100 * run.machineCpu.busy) / Math.max(1e-9, run.machineCpu.total)),
    db_kb_per_event: round(dbKbPerEvent),
    event_kb: round(run.workload.envelopeBytes / 1024),
    wire_kb: round(run.workload.wireBytes / 1024),
    concurrency: run.settings.concurrency,
    seconds: round(seconds),
    warmup_seconds: run.settings.warmupSeconds,
    cpus: run.machine.cpus,
    node: run.machine.node,
    consistent,
    event_loop_lag_ms: run.lag,
    event_read_ms: run.reads,
    targets,
    target_met: Object.values(targets).every((target) => target.met),
  };
}

export type IngestFigures = ReturnType<typeof ingestFigures>;

export function formatIngestSummary(run: IngestRun, f: IngestFigures): string {
  const { machine, settings, workload, server, load } = run;
  const { total } = load;
  return [
    'Dexter ingest benchmark',
    `machine:  ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, ${machine.os}, node ${machine.node}`,
    `workload: ${settings.bugs} bugs x ${settings.variantsPerBug} pre-built events (Zipf-distributed), ` +
      `${workload.minFrames}-${workload.maxFrames} frames, envelopes ${f.event_kb} KB, ` +
      `${f.wire_kb} KB gzipped on the wire; built in ${round(workload.buildMs / 1000)} s`,
    `load:     ${settings.concurrency} keep-alive connections, ${settings.warmupSeconds} s warm-up, ` +
      `${f.seconds} s measured; server ${server.url} (pid ${server.pid})`,
    '',
    `throughput:  ${f.events_per_s} events/s accepted (${f.accepted_measured} in the window)`,
    `latency:     p50 ${f.p50_ms} ms, p90 ${f.p90_ms} ms, p99 ${f.p99_ms} ms, max ${f.max_ms} ms`,
    `responses:   ${total.accepted} accepted, ${total.rateLimited} 429, ${f.other_status} other ` +
      `${JSON.stringify(total.otherStatus)}, ${total.failed} failed, ${total.idMismatch} wrong id`,
    `stored:      ${f.stored} events in ${f.issues} issues for ${f.bugs_sent} distinct bugs: ` +
      (f.consistent ? 'accepted and stored agree' : 'MISMATCH between accepted and stored'),
    `server RSS:  idle ${f.idle_rss_mb} MB, peak ${f.peak_rss_mb} MB, end ${f.end_rss_mb} MB ` +
      `(threads included); its child processes ${f.children_rss_mb} MB more`,
    `server CPU:  ${f.server_cpu_s_per_1k} s per 1k events (${f.server_cpu_s_total} s over the whole load); ` +
      `client ${f.client_cpu_s_per_1k} s per 1k requests`,
    `machine:     ${f.machine_busy_pct}% busy in the window: server ${f.server_cores} cores, ` +
      `other processes ${f.other_load_cores} cores${f.other_load_cores > 0.3 ? ' (NOT a quiet run)' : ''}`,
    `database:    ${round(mb(server.dbBytes))} MB (${round(mb(server.emptyDbBytes))} MB of it before the first event), ` +
      `${f.db_kb_per_event} KB per event`,
    `event loop:  lag p50 ${f.event_loop_lag_ms.p50_ms} ms, p99 ${f.event_loop_lag_ms.p99_ms} ms, ` +
      `max ${f.event_loop_lag_ms.max_ms} ms in the window`,
    `event reads: whole event p50 ${f.event_read_ms.whole_p50_ms} ms (p99 ${f.event_read_ms.whole_p99_ms} ms), ` +
      `head only ${f.event_read_ms.head_p50_ms} ms; the same events as pre-0018 rows ` +
      `${f.event_read_ms.inline_before_p50_ms} ms (p99 ${f.event_read_ms.inline_before_p99_ms} ms)`,
    ...(load.firstProblem ? [`first problem: ${load.firstProblem}`] : []),
    '',
    'anchors:',
    ...ANCHORS.map((anchor) => `  ${anchor}`),
    '',
    'targets:',
    ...Object.entries(f.targets).map(
      ([name, t]) =>
        `  ${name.padEnd(20)} ${String(t.value).padStart(8)}  ${String(t.target).padEnd(8)} ${t.met ? 'met' : 'NOT met'}`,
    ),
  ].join('\n');
}
