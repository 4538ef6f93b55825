/**
 * The live bench's clients, split over `processes` child processes (one process cannot read
 * 5,000 sockets' worth of messages fast enough to measure the server rather than itself). Each
 * phase is started and reported on all of them together; figures are summed.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { ClientConfig, FromClient, PhaseFigures, ToClient } from './client-protocol';

const clientPath = join(import.meta.dirname, 'client-process.ts');

export interface Fleet {
  pids: number[];
  clients: number;
  failed: number;
  connectMs: number;
  startPhase(name: string): void;
  report(): Promise<PhaseFigures>;
  close(): Promise<void>;
}

function nextMessage(child: ChildProcess, type: FromClient['type']): Promise<FromClient> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromClient) => {
      if (message.type === 'error') return reject(new Error(message.message));
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`a bench client process exited with ${code}`)));
  });
}

export async function startFleet(base: Omit<ClientConfig, 'clients'>, clients: number, processes: number) {
  const children = Array.from({ length: processes }, (_, index) => {
    const share = Math.floor(clients / processes) + (index < clients % processes ? 1 : 0);
    return fork(clientPath, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, LIVE_BENCH_CLIENT: JSON.stringify({ ...base, clients: share }) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  });
  const ready = (await Promise.all(children.map((child) => nextMessage(child, 'ready')))) as Array<
    Extract<FromClient, { type: 'ready' }>
  >;
  const tell = (message: ToClient) => {
    for (const child of children) child.send(message);
  };
  return {
    pids: children.map((child) => child.pid ?? 0),
    clients: ready.reduce((sum, r) => sum + r.clients, 0),
    failed: ready.reduce((sum, r) => sum + r.failed, 0),
    connectMs: Math.max(...ready.map((r) => r.connectMs)),
    startPhase: (name) => tell({ type: 'phase', name }),
    async report() {
      const waiting = children.map((child) => nextMessage(child, 'report'));
      tell({ type: 'report' });
      const parts = (await Promise.all(waiting)).map(
        (m) => (m as Extract<FromClient, { type: 'report' }>).figures,
      );
      const total: PhaseFigures = { ...parts[0]!, clients: 0, messages: 0, countMessages: 0, countEvents: 0 };
      Object.assign(total, { created: 0, resyncs: 0, latenciesMs: [], stamps: [], durationMs: 0 });
      for (const part of parts) {
        total.clients += part.clients;
        total.durationMs = Math.max(total.durationMs, part.durationMs);
        total.messages += part.messages;
        total.countMessages += part.countMessages;
        total.countEvents += part.countEvents;
        total.created += part.created;
        total.loopLagMs = {
          p50: Math.max(total.loopLagMs.p50, part.loopLagMs.p50),
          p99: Math.max(total.loopLagMs.p99, part.loopLagMs.p99),
          max: Math.max(total.loopLagMs.max, part.loopLagMs.max),
        };
        total.busiestProcessCores = Math.max(total.busiestProcessCores, part.busiestProcessCores);
        total.resyncs += part.resyncs;
        for (const latency of part.latenciesMs) total.latenciesMs.push(latency);
        for (const stamp of part.stamps) total.stamps.push(stamp);
      }
      return total;
    },
    async close() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.send({ type: 'close' } satisfies ToClient);
            }),
        ),
      );
    },
  } satisfies Fleet;
}
