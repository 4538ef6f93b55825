/**
 * One client process of the live bench: opens `clients` WebSockets to `/api/v1/live` with the
 * session cookie, subscribes each to the topic, and counts what arrives per phase: messages,
 * counts messages and the events they cover, and the latency of every stamped `issue.created`
 * (receipt time minus the send time in its title). Started by `client-fleet.ts` with IPC.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import {
  type ClientConfig,
  type FromClient,
  type PhaseFigures,
  preciseNow,
  stampOf,
  type ToClient,
} from './client-protocol';

const config = JSON.parse(process.env.LIVE_BENCH_CLIENT ?? '{}') as ClientConfig;
const send = (message: FromClient) => process.send?.(message);
const sockets: WebSocket[] = [];

let phase: PhaseFigures = blank('connect');
let phaseStarted = preciseNow();
let cpuAtPhaseStart = process.cpuUsage();
/** The monitor's timer period: it records whole intervals, so the lag is an interval minus this. */
const LAG_RESOLUTION_MS = 10;
const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
lag.enable();
const lagMs = (ns: number) => Math.max(0, ns / 1e6 - LAG_RESOLUTION_MS);

function blank(name: string): PhaseFigures {
  return {
    name,
    clients: 0,
    durationMs: 0,
    messages: 0,
    countMessages: 0,
    countEvents: 0,
    created: 0,
    resyncs: 0,
    latenciesMs: [],
    stamps: [],
    loopLagMs: { p50: 0, p99: 0, max: 0 },
    busiestProcessCores: 0,
  };
}

function onMessage(data: WebSocket.RawData) {
  const receivedAt = preciseNow();
  phase.messages += 1;
  const message = JSON.parse(String(data)) as {
    type: string;
    title?: string;
    counts?: Array<{ events: number }>;
  };
  if (message.type === 'issue.created') {
    phase.created += 1;
    const sentAt = message.title ? stampOf(message.title) : null;
    if (sentAt !== null) {
      phase.latenciesMs.push(receivedAt - sentAt);
      phase.stamps.push(sentAt);
    }
  } else if (message.type === 'issue.counts') {
    phase.countMessages += 1;
    for (const entry of message.counts ?? []) phase.countEvents += entry.events;
  } else if (message.type === 'resync') {
    phase.resyncs += 1;
  }
}

function open(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${config.url.replace('http', 'ws')}/api/v1/live`, {
      headers: { cookie: config.cookie },
      perMessageDeflate: false,
    });
    const fail = () => resolve(false);
    socket.once('error', fail);
    socket.once('open', () => {
      socket.send(JSON.stringify({ type: 'subscribe', topic: config.topic }));
    });
    const onSubscribed = (data: WebSocket.RawData) => {
      if (!String(data).includes('"subscribed"')) return;
      socket.off('message', onSubscribed);
      socket.off('error', fail);
      socket.on('error', () => {});
      socket.on('message', onMessage);
      sockets.push(socket);
      resolve(true);
    };
    socket.on('message', onSubscribed);
  });
}

async function connectAll(): Promise<void> {
  const started = preciseNow();
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < config.clients) {
      next += 1;
      if (!(await open())) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: config.connectConcurrency }, worker));
  send({ type: 'ready', clients: sockets.length, connectMs: preciseNow() - started, failed });
}

process.on('message', (message: ToClient) => {
  if (message.type === 'phase') {
    phase = blank(message.name);
    phaseStarted = preciseNow();
    cpuAtPhaseStart = process.cpuUsage();
    lag.reset();
  } else if (message.type === 'report') {
    const durationMs = preciseNow() - phaseStarted;
    const cpu = process.cpuUsage(cpuAtPhaseStart);
    send({
      type: 'report',
      figures: {
        ...phase,
        clients: sockets.length,
        durationMs,
        loopLagMs: { p50: lagMs(lag.percentile(50)), p99: lagMs(lag.percentile(99)), max: lagMs(lag.max) },
        busiestProcessCores: (cpu.user + cpu.system) / 1000 / durationMs,
      },
    });
  } else if (message.type === 'close') {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});

connectAll().catch((error: unknown) => send({ type: 'error', message: String(error) }));
