/**
 * Child process of the unauthenticated-load section: `senders` connections posting a key-less
 * gzip bomb back to back, never backing off, as hosts other than the keyed client's would. Own
 * process so its client-side work never shares the keyed client's event loop. Told `start` and
 * `stop` over IPC; answers `ready`, then `tally` with the statuses after each stop.
 */
import { Pool } from 'undici';
import { z } from 'zod';
import { keylessGzipBomb } from './unauthenticated-load';

const ConfigSchema = z.object({
  origin: z.string(),
  projectId: z.string(),
  senders: z.number().int().min(1),
});
const CommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('exit') }),
]);

const config = ConfigSchema.parse(JSON.parse(process.env.KEYLESS_SENDERS ?? '{}'));
const bomb = keylessGzipBomb();
const pool = new Pool(config.origin, { connections: config.senders, pipelining: 1 });
let running = false;
let statuses: Record<string, number> = {};
let senders: Promise<void>[] = [];

async function sender(): Promise<void> {
  while (running) {
    const status = await pool
      .request({
        method: 'POST',
        path: `/api/${config.projectId}/envelope/`,
        headers: { 'content-encoding': 'gzip' },
        body: bomb,
      })
      .then(
        async (response) => {
          await response.body.dump();
          return String(response.statusCode);
        },
        () => 'failed',
      );
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
}

process.on('message', (raw) => {
  const command = CommandSchema.parse(raw);
  if (command.type === 'start') {
    running = true;
    senders = Array.from({ length: config.senders }, sender);
  } else if (command.type === 'stop') {
    running = false;
    void Promise.all(senders).then(() => {
      process.send?.({ type: 'tally', statuses, bombBytes: bomb.length });
      statuses = {};
    });
  } else {
    void pool.close().finally(() => process.exit(0));
  }
});
process.send?.({ type: 'ready' });
