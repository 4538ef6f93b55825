import type { CallOptions } from '@dexter/sentry-client';
import { describe, expect, it, vi } from 'vitest';
import { createIssueBatcher } from './issue-batcher';

interface FakeIssue {
  id: string;
  title: string;
}

/** Sentry's list endpoint over a fixed set of issues: answers the ids it has, in its own order. */
function fakeSentry(existing: readonly string[]) {
  const known = new Set(existing);
  return vi.fn(
    async (_org: string, ids: string[], _options: CallOptions): Promise<FakeIssue[]> =>
      ids
        .filter((id) => known.has(id))
        .reverse()
        .map((id) => ({ id, title: `issue ${id}` })),
  );
}

describe('issue batcher', () => {
  it('collapses lookups of one tick into one list call per org; missing ids resolve to null', async () => {
    const listIssues = fakeSentry(['1', '2', '3']);
    const batcher = createIssueBatcher({ listIssues });
    const results = await Promise.all([
      batcher.load('acme', '1'),
      batcher.load('acme', 2),
      batcher.load('acme', '404'),
      batcher.load('other', '3'),
    ]);
    expect(results.map((issue) => (issue === null ? null : issue.id))).toEqual(['1', '2', null, '3']);
    expect(listIssues).toHaveBeenCalledTimes(2);
    expect(listIssues).toHaveBeenCalledWith('acme', ['1', '2', '404'], expect.anything());
    expect(listIssues).toHaveBeenCalledWith('other', ['3'], expect.anything());
  });

  it('splits more than 100 ids into chunks of at most 100', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => String(i + 1));
    const listIssues = fakeSentry(ids);
    const batcher = createIssueBatcher({ listIssues });
    const results = await Promise.all(ids.map((id) => batcher.load('acme', id)));
    expect(results.every((issue, i) => issue?.id === ids[i])).toBe(true);
    expect(listIssues.mock.calls.map(([, chunk]) => chunk.length)).toEqual([100, 100, 50]);
  });

  it('asks for an id once when several callers want it, and caches nothing across ticks', async () => {
    const listIssues = fakeSentry(['7']);
    const batcher = createIssueBatcher({ listIssues });
    const [a, b] = await Promise.all([batcher.load('acme', '7'), batcher.load('acme', '7')]);
    expect(a?.id).toBe('7');
    expect(b?.id).toBe('7');
    expect(listIssues.mock.calls[0]?.[1]).toEqual(['7']);
    await batcher.load('acme', '7');
    expect(listIssues).toHaveBeenCalledTimes(2);
  });

  it('rejects every lookup of a batch when the list call fails', async () => {
    const failure = new Error('Sentry answered 503');
    const batcher = createIssueBatcher<FakeIssue>({ listIssues: () => Promise.reject(failure) });
    const results = await Promise.allSettled([batcher.load('acme', '1'), batcher.load('acme', '2')]);
    expect(results).toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
  });

  it('runs the batch as interactive when any caller is, background only when all are', async () => {
    const listIssues = fakeSentry(['1', '2']);
    const batcher = createIssueBatcher({ listIssues });
    await Promise.all([
      batcher.load('acme', '1', { priority: 'background' }),
      batcher.load('acme', '2', { priority: 'interactive' }),
    ]);
    await Promise.all([
      batcher.load('acme', '1', { priority: 'background' }),
      batcher.load('acme', '2', { priority: 'background' }),
    ]);
    expect(listIssues.mock.calls.map(([, , options]) => options.priority)).toEqual([
      'interactive',
      'background',
    ]);
  });

  it('rejects an aborted caller at once, and aborts the batch only when every caller has', async () => {
    let release!: () => void;
    let batchSignal: AbortSignal | undefined;
    const listIssues = vi.fn(async (_org: string, ids: string[], options: CallOptions) => {
      batchSignal = options.signal;
      await new Promise<void>((resolve) => (release = resolve));
      return ids.map((id) => ({ id }));
    });
    const batcher = createIssueBatcher({ listIssues });
    const first = new AbortController();
    const second = new AbortController();
    const a = batcher.load('acme', '1', { signal: first.signal });
    const b = batcher.load('acme', '2', { signal: second.signal });
    await vi.waitFor(() => expect(listIssues).toHaveBeenCalled());
    first.abort(new Error('first left'));
    await expect(a).rejects.toThrow('first left');
    expect(batchSignal?.aborted).toBe(false);
    second.abort(new Error('second left'));
    await expect(b).rejects.toThrow('second left');
    expect(batchSignal?.aborted).toBe(true);
    release();
  });
});
