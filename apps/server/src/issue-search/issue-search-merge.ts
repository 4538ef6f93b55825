/**
 * Reads the issues of a search plan in order, whatever its strategy: each branch's upstream
 * stream is filtered by the branch's residual (evaluated in Dexter), and the branches are merged
 * k-way on the sort key, ties broken by id, duplicates (an issue several branches return) emitted
 * once. One branch is simply filtered; an exact branch is passed through.
 *
 * Bounds: a scan stops when `maxScanned` issues have been evaluated or the evidence loader's frame
 * budget is spent, and then sets `state.truncated`. A branch's head that matched but was not yet
 * emitted stays un-consumed, so the branch positions always say where to resume.
 */
import type { IssueListSort } from '@dexter/contracts';
import type { Issue as SentryIssue } from '@dexter/sentry-client';
import type { EvidenceLoader } from './issue-search-evidence';
import type { BranchHead, BranchStream } from './issue-search-stream';
import type { IssuePredicate } from './search-term-matchers';

/** Issues whose evidence is fetched ahead of evaluation, in parallel. */
const PREFETCH = 10;

export interface ScanBranch {
  stream: BranchStream;
  /** The branch's residual, compiled; null when the upstream query is exact. */
  residual: IssuePredicate | null;
}

export interface ScanState {
  scanned: number;
  maxScanned: number;
  truncated: boolean;
}

const STOP = Symbol('stop');

const KEYS: Partial<Record<IssueListSort, (issue: SentryIssue) => number>> = {
  date: (issue) => Date.parse(issue.lastSeen ?? ''),
  new: (issue) => Date.parse(issue.firstSeen ?? ''),
  freq: (issue) => Number(issue.count ?? 0),
  user: (issue) => issue.userCount ?? 0,
};

export const canMerge = (sort: IssueListSort) => KEYS[sort] !== undefined;

const orZero = (n: number) => (Number.isFinite(n) ? n : Number.NEGATIVE_INFINITY);
const compareIds = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** Negative when `a` comes first: descending by the sort key, then by id, as Sentry orders. */
export function compareForSort(sort: IssueListSort): (a: SentryIssue, b: SentryIssue) => number {
  const key = KEYS[sort] ?? KEYS.date!;
  return (a, b) => orZero(key(b)) - orZero(key(a)) || compareIds(b.id, a.id);
}

async function nextMatch(
  branch: ScanBranch,
  evidence: EvidenceLoader,
  state: ScanState,
  now: number,
): Promise<BranchHead | null | typeof STOP> {
  for (;;) {
    const head = await branch.stream.peek();
    if (!head || !branch.residual) return head;
    if (state.scanned >= state.maxScanned) return STOP;
    for (const upcoming of branch.stream.upcoming(PREFETCH)) void evidence.load(upcoming);
    const loaded = await evidence.load(head.issue);
    if (loaded === null) return STOP;
    state.scanned += 1;
    if (branch.residual(loaded.issue, { now, frames: loaded.frames })) return head;
    await branch.stream.take();
  }
}

/** Every matching issue, in order, until the branches run out or a bound stops the scan. */
export async function* mergeBranches(
  branches: readonly ScanBranch[],
  compare: (a: SentryIssue, b: SentryIssue) => number,
  evidence: EvidenceLoader,
  state: ScanState,
  now: () => number,
): AsyncGenerator<SentryIssue> {
  const match = (branch: ScanBranch) => nextMatch(branch, evidence, state, now());
  const heads = await Promise.all(branches.map(match));
  const emitted = new Set<string>();
  for (;;) {
    if (heads.includes(STOP)) {
      state.truncated = true;
      return;
    }
    let best: SentryIssue | null = null;
    for (const head of heads) {
      if (head && head !== STOP && (!best || compare(head.issue, best) < 0)) best = head.issue;
    }
    if (!best) return;
    const chosen = best.id;
    const consumed = heads.flatMap((head, index) =>
      head && head !== STOP && head.issue.id === chosen ? [index] : [],
    );
    for (const index of consumed) await branches[index]!.stream.take();
    if (!emitted.has(chosen)) {
      emitted.add(chosen);
      yield best;
    }
    const refreshed = await Promise.all(consumed.map((index) => match(branches[index]!)));
    consumed.forEach((index, i) => {
      heads[index] = refreshed[i]!;
    });
  }
}
