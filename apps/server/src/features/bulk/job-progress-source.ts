/**
 * Bulk job progress for the sockets that watch a job (`job:<org>/<id>`). Jobs record their
 * progress in Dexter's database as they go, so each instance reads the jobs its own sockets
 * watch, once per `everyMs`, and delivers a `job.progress` when a figure changed. Delivered
 * locally only: every instance reads the same database for its own subscribers, so nothing needs
 * to cross the bus. Nobody watching: no reads.
 */
import type { BulkJob, LiveEvent } from '@dexter/contracts';

export interface JobProgressDeps {
  /** Topics with subscribers on this instance, by prefix. */
  topics(prefix: string): string[];
  getJob(org: string, jobId: number): Promise<BulkJob | null>;
  deliver(event: LiveEvent): void;
  everyMs?: number;
  log: { warn(object: object, message: string): void };
}

export function startJobProgressSource(deps: JobProgressDeps): () => void {
  const last = new Map<string, string>();
  let running = false;

  async function check(): Promise<void> {
    const watched = deps.topics('job:');
    for (const topic of last.keys()) if (!watched.includes(topic)) last.delete(topic);
    for (const topic of watched) {
      const match = /^job:(.+)\/(\d+)$/.exec(topic);
      if (!match) continue;
      const org = match[1]!;
      const job = await deps.getJob(org, Number(match[2]));
      if (!job) continue;
      const { id: jobId, state, total, done, failed } = job;
      const figures = `${state}/${total}/${done}/${failed}`;
      if (last.get(topic) === figures) continue;
      last.set(topic, figures);
      deps.deliver({ type: 'job.progress', org, jobId, state, total, done, failed });
    }
  }

  const timer = setInterval(() => {
    if (running) return;
    running = true;
    check()
      .catch((error: unknown) => deps.log.warn({ err: error }, 'live: job progress not read'))
      .finally(() => {
        running = false;
      });
  }, deps.everyMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
