/**
 * Bulk job progress reaches the sockets watching a job when a figure changes, and only then; a
 * job nobody watches is not read.
 */
import type { BulkJob, LiveEvent } from '@dexter/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startJobProgressSource } from './job-progress-source';

afterEach(() => {
  vi.useRealTimers();
});

const job = (done: number): BulkJob => ({
  id: 3,
  state: done < 10 ? 'running' : 'completed',
  action: { status: 'resolved' },
  selection: { kind: 'ids', count: 10 },
  total: 10,
  done,
  failed: 0,
  pending: 10 - done,
  createdBy: { userId: 1, name: 'admin' },
  createdAt: '2030-01-01T00:00:00Z',
  updatedAt: '2030-01-01T00:00:00Z',
  finishedAt: null,
  error: null,
});

describe('startJobProgressSource', () => {
  it('delivers job.progress when the watched job changes, and reads nothing unwatched', async () => {
    vi.useFakeTimers();
    let done = 0;
    let watched: string[] = [];
    const reads: string[] = [];
    const delivered: LiveEvent[] = [];
    const stop = startJobProgressSource({
      topics: () => watched,
      getJob: async (org, jobId) => {
        reads.push(`${org}/${jobId}`);
        return job(done);
      },
      deliver: (event) => delivered.push(event),
      everyMs: 1000,
      log: { warn: () => {} },
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads).toEqual([]);

    watched = ['job:acme/3'];
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000);
    done = 10;
    await vi.advanceTimersByTimeAsync(1000);
    stop();
    expect(delivered).toEqual([
      { type: 'job.progress', org: 'acme', jobId: 3, state: 'running', total: 10, done: 0, failed: 0 },
      { type: 'job.progress', org: 'acme', jobId: 3, state: 'completed', total: 10, done: 10, failed: 0 },
    ]);
    expect(reads).toHaveLength(3);
  });
});
