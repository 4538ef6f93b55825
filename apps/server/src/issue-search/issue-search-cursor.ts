/**
 * Dexter's opaque list cursor. It holds, per upstream branch of the search plan, where the next
 * page starts: the upstream cursor of the page to fetch (null: the first page) and how many of
 * that page's issues were already consumed. A branch that ran out is null.
 *
 * Invariants:
 * - a cursor belongs to one search (query, sort, projects, environments, period): it carries a
 *   hash of them, and a cursor of another search is refused (400) instead of paging wrongly;
 * - decoding never throws anything but a `DexterError` of code `DEXTER_ERR_VALIDATION`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DexterError } from '../errors/error-codes';

export interface Position {
  /** Upstream cursor of the page to fetch; null for the first page. */
  cursor: string | null;
  /** Issues of that page already consumed. */
  offset: number;
}

const PositionSchema = z.object({
  c: z.string().max(500).nullable(),
  o: z.number().int().min(0).max(10_000),
});
const CursorSchema = z.object({
  v: z.literal(1),
  h: z.string(),
  b: z.array(PositionSchema.nullable()).max(16),
});

export function searchIdentity(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

export function encodeCursor(identity: string, branches: ReadonlyArray<Position | null>): string | null {
  if (branches.every((branch) => branch === null)) return null;
  const b = branches.map((branch) => (branch ? { c: branch.cursor, o: branch.offset } : null));
  return Buffer.from(JSON.stringify({ v: 1, h: identity, b })).toString('base64url');
}

/** The branch positions of a cursor, or the first page of each branch when there is none. */
export function decodeCursor(
  identity: string,
  cursor: string | undefined,
  branchCount: number,
): Array<Position | null> {
  if (cursor === undefined || cursor === '') {
    return Array.from({ length: branchCount }, () => ({ cursor: null, offset: 0 }));
  }
  let parsed: z.infer<typeof CursorSchema>;
  try {
    parsed = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new DexterError('DEXTER_ERR_VALIDATION', 'Invalid cursor: use a nextCursor of this list');
  }
  if (parsed.h !== identity || parsed.b.length !== branchCount) {
    throw new DexterError(
      'DEXTER_ERR_VALIDATION',
      'Invalid cursor: it belongs to another search; start again from the first page',
    );
  }
  return parsed.b.map((branch) => (branch ? { cursor: branch.c, offset: branch.o } : null));
}
