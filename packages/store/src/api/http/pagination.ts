/**
 * Sentry's cursor pagination for the store: cursors are `value:offset:is_prev` (three integers;
 * the store's lists use offsets, so value is 0), and the `Link` header is written exactly as
 * Sentry's `add_cursor_headers` writes it: both `previous` and `next` always present, `results`
 * saying whether following the cursor yields rows, and the URL keeping every query parameter but
 * `cursor`.
 */
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../api-error';
import { baseUrlOf } from './api-context';

export interface Cursor {
  value: number;
  offset: number;
  isPrev: boolean;
}

export function parseCursor(raw: string | undefined): Cursor {
  if (raw === undefined || raw === '') return { value: 0, offset: 0, isPrev: false };
  const parts = raw.split(':');
  const numbers = parts.map((part) => Number(part));
  if (parts.length !== 3 || numbers.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new ApiError(400, `Invalid cursor parameter: ${JSON.stringify(raw.slice(0, 100))}`);
  }
  return { value: numbers[0]!, offset: numbers[1]!, isPrev: numbers[2] === 1 };
}

export interface PageLinks {
  offset: number;
  limit: number;
  hasMore: boolean;
}

export function linkHeader(request: FastifyRequest, { offset, limit, hasMore }: PageLinks): string {
  // Only path and query come from the request: the origin is the configured public URL.
  const url = new URL(request.url, 'http://request.invalid');
  const params = new URLSearchParams(url.search);
  params.delete('cursor');
  const query = params.toString();
  const base = `${baseUrlOf(request)}${url.pathname}?${query}`;
  const previous = `0:${Math.max(0, offset - limit)}:1`;
  const next = `0:${offset + limit}:0`;
  const link = (cursor: string, rel: string, results: boolean) =>
    `<${base}&cursor=${cursor}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
  return `${link(previous, 'previous', offset > 0)}, ${link(next, 'next', hasMore)}`;
}
