/**
 * Starts the fixtures process (`fixtures-process.ts`) and drives it: one promise per command,
 * matched to its reply by id, each reply parsed. `stop()` always ends the child (SIGKILL when it
 * does not answer in time), so a failed bench leaves no server behind.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { z } from 'zod';
import {
  type FixturesCommand,
  type FixturesInfo,
  FixturesMessageSchema,
  ProxyRecordSchema,
} from './fixtures-protocol';
import type { ProxyRecord } from './timing-proxy';

export interface Fixtures {
  info: FixturesInfo;
  pid: number;
  setLatency(ms: number): Promise<void>;
  /** Requests the proxy has forwarded to the store since it started. */
  forwarded(): Promise<number>;
  takeRecords(): Promise<ProxyRecord[]>;
  serveBare(body: Buffer): Promise<void>;
  stop(): Promise<void>;
}

/** A command as the caller writes it; `call` adds the id. */
type Command = FixturesCommand extends infer C ? (C extends FixturesCommand ? Omit<C, 'id'> : never) : never;

export async function startFixtures(bugs: number, timeoutMs = 120_000): Promise<Fixtures> {
  const child: ChildProcess = fork(join(import.meta.dirname, 'fixtures-process.ts'), [String(bugs)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  const pending = new Map<number, (value: unknown) => void>();
  let nextId = 1;
  let ready: (info: FixturesInfo) => void = () => {};
  let failed: (error: Error) => void = () => {};
  const started = new Promise<FixturesInfo>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  child.on('message', (raw) => {
    const message = FixturesMessageSchema.parse(raw);
    if (message.type === 'ready') ready(message.info);
    else if (message.type === 'failed') failed(new Error(`fixtures failed:\n${message.message}`));
    else pending.get(message.id)?.(message.value);
  });
  void exited.then(() => failed(new Error('fixtures exited before they were ready')));

  const call = (command: Command): Promise<unknown> => {
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, (value) => {
        pending.delete(id);
        resolve(value);
      });
      child.send({ ...command, id });
    });
  };

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    if (child.connected) void call({ type: 'stop' });
    else child.kill('SIGTERM');
    await exited;
    clearTimeout(timer);
  };

  const timer = setTimeout(() => failed(new Error(`fixtures not ready within ${timeoutMs} ms`)), timeoutMs);
  try {
    const info = await started;
    if (child.pid === undefined) throw new Error('fixtures have no pid');
    return {
      info,
      pid: child.pid,
      setLatency: async (ms) => void (await call({ type: 'set-latency', ms })),
      forwarded: async () => z.number().parse(await call({ type: 'forwarded' })),
      takeRecords: async () => z.array(ProxyRecordSchema).parse(await call({ type: 'take-records' })),
      serveBare: async (body) =>
        void (await call({ type: 'serve-bare', bodyBase64: body.toString('base64') })),
      stop,
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
