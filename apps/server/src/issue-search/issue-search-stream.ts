/**
 * One upstream branch of a search, read issue by issue: fetches upstream pages lazily and knows,
 * for the issue at its head, the position just after it (what a cursor stores to resume there).
 * `peek` does not consume; `take` does. `upcoming` lists the rest of the current page without
 * fetching, so callers can prefetch what evaluating those issues needs.
 *
 * Invariants: a position is always "page fetched with `cursor`, skip `offset`"; the stream never
 * follows a `next` cursor equal to the current one (a server bug would loop); once exhausted its
 * position is null.
 */
import type { ListResult, Issue as SentryIssue } from '@dexter/sentry-client';
import type { Position } from './issue-search-cursor';

export type FetchPage = (cursor: string | null) => Promise<ListResult<SentryIssue>>;

export interface BranchHead {
  issue: SentryIssue;
  after: Position | null;
}

export function createBranchStream(fetchPage: FetchPage, start: Position | null) {
  let position = start;
  let page: { cursor: string | null; items: SentryIssue[]; next: string | null } | null = null;
  /** `X-Hits` of the last page fetched. */
  let hits: number | null = null;
  /** Upstream cursor of the page before the first one this stream fetched. */
  let previous: string | null = null;
  let fetched = false;

  async function peek(): Promise<BranchHead | null> {
    while (position) {
      if (!page || page.cursor !== position.cursor) {
        const result = await fetchPage(position.cursor);
        const next = result.page.next === position.cursor ? null : result.page.next;
        page = { cursor: position.cursor, items: result.data, next };
        hits = result.page.hits;
        if (!fetched) previous = result.page.previous;
        fetched = true;
      }
      const { items, next, cursor } = page;
      if (position.offset < items.length) {
        const issue = items[position.offset]!;
        const last = position.offset + 1 >= items.length;
        const after = !last
          ? { cursor, offset: position.offset + 1 }
          : next
            ? { cursor: next, offset: 0 }
            : null;
        return { issue, after };
      }
      position = next ? { cursor: next, offset: 0 } : null;
    }
    return null;
  }

  return {
    peek,
    async take(): Promise<BranchHead | null> {
      const head = await peek();
      if (head) position = head.after;
      return head;
    },
    /** Up to `count` issues from the head on, consumed a page at a time: `take` in bulk. */
    async takeUpTo(count: number): Promise<SentryIssue[]> {
      const taken: SentryIssue[] = [];
      while (taken.length < count && position && (await peek()) && page) {
        const { items, next, cursor } = page;
        const end = Math.min(items.length, position.offset + count - taken.length);
        for (let index = position.offset; index < end; index += 1) taken.push(items[index]!);
        position = end < items.length ? { cursor, offset: end } : next ? { cursor: next, offset: 0 } : null;
      }
      return taken;
    },
    /** The issues after the head on the page already fetched (no upstream call). */
    upcoming(count: number): SentryIssue[] {
      if (!position || !page || page.cursor !== position.cursor) return [];
      return page.items.slice(position.offset, position.offset + count);
    },
    get position(): Position | null {
      return position;
    },
    get hits(): number | null {
      return hits;
    },
    get previous(): string | null {
      return previous;
    },
  };
}

export type BranchStream = ReturnType<typeof createBranchStream>;
