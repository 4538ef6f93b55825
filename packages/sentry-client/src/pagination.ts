/**
 * Sentry's cursor pagination: the `Link` header, `X-Hits`, and a bounded page walker.
 *
 * Sentry writes (`Endpoint.add_cursor_headers`, `src/sentry/api/base.py`):
 *   <URL&cursor=PREV>; rel="previous"; results="false"; cursor="PREV",
 *   <URL&cursor=NEXT>; rel="next"; results="true"; cursor="NEXT"
 * Both links are always present; `results="false"` means the page is empty and its cursor must not
 * be followed. Invariants of `parseLinkHeader`: a cursor is returned only when its link says
 * `results="true"`; a missing or garbled header yields nulls, never an exception, because a broken
 * pagination header must not fail a request whose body is fine.
 */
import type { UpstreamResponse } from './transport';

export interface PageCursors {
  next: string | null;
  previous: string | null;
}

export interface PageInfo extends PageCursors {
  /** `X-Hits`: total matches when Sentry knows it, else null. */
  hits: number | null;
}

export interface ListResult<T> {
  data: T[];
  page: PageInfo;
}

export function parseLinkHeader(header: string | null | undefined): PageCursors {
  const cursors: PageCursors = { next: null, previous: null };
  if (!header) return cursors;
  // Match each `<url>` with the parameters that follow it up to the next `<`, so commas inside
  // the URL (an unencoded query) cannot split a link in two.
  for (const [, url = '', params = ''] of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    const attrs = new Map<string, string>();
    for (const [, key = '', quoted, bare] of params.matchAll(
      /;\s*([a-z]+)\s*=\s*(?:"([^"]*)"|([^;,\s]*))/gi,
    )) {
      attrs.set(key.toLowerCase(), quoted ?? bare ?? '');
    }
    const rel = attrs.get('rel');
    if ((rel !== 'next' && rel !== 'previous') || attrs.get('results') !== 'true') continue;
    const cursor = attrs.get('cursor') || cursorFromUrl(url);
    if (cursor) cursors[rel] = cursor;
  }
  return cursors;
}

function cursorFromUrl(url: string): string | null {
  try {
    return new URL(url, 'http://placeholder.invalid').searchParams.get('cursor');
  } catch {
    return null;
  }
}

export function parseHits(header: string | undefined): number | null {
  if (header === undefined || !/^\s*\d+\s*$/.test(header)) return null;
  return Number(header);
}

export function pageInfo(res: UpstreamResponse): PageInfo {
  return { ...parseLinkHeader(res.headers.link), hits: parseHits(res.headers['x-hits']) };
}

export interface PaginateOptions {
  /** Hard stop. When reached, the last page's `page.next` is non-null, which tells the caller. */
  maxPages?: number;
  /** Resume from a cursor a previous walk stopped at. */
  cursor?: string;
}

/**
 * Follows `next` cursors, yielding one page at a time, until Sentry reports no more results, a
 * cursor repeats (a server bug would otherwise loop until `maxPages`), or `maxPages` is reached.
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<ListResult<T>>,
  { maxPages = 10, cursor }: PaginateOptions = {},
): AsyncGenerator<ListResult<T>, void, undefined> {
  const seen = new Set<string>();
  let next = cursor;
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await fetchPage(next);
    yield page;
    const following = page.page.next;
    if (following === null || seen.has(following)) return;
    seen.add(following);
    next = following;
  }
}
