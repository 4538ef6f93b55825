/**
 * The audit log: every mutation, sign-in and failed sign-in, with who (user id and name, session
 * or token), when, what (the operation id), which ids it touched, the result and HTTP status, and
 * the source address. Entries are only ever appended. Listing is newest first with an id cursor;
 * export streams every matching entry page by page, so it has no row cap and bounded memory.
 */
import type { AuditEntry, AuditQuery, AuditResult } from '@dexter/contracts';
import type { Selectable } from 'kysely';
import type { DexterDb } from '../../db/database';
import { likeIgnoringCase } from '../../db/dialect';
import type { AuditLogTable } from '../../db/schema';

export interface AuditRecord {
  actorUserId: number | null;
  actorName: string | null;
  actorKind: AuditEntry['actor']['kind'];
  action: string;
  targets: Record<string, string>;
  result: AuditResult;
  status: number;
  sourceIp: string | null;
  requestId: string | null;
  detail: Record<string, unknown> | null;
}

const DEFAULT_LIMIT = 100;
const EXPORT_PAGE = 500;

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    actor: {
      userId: row.actor_user_id,
      name: row.actor_name,
      kind: row.actor_kind as AuditEntry['actor']['kind'],
    },
    action: row.action,
    targets: parseJson(row.targets, {}),
    result: row.result as AuditResult,
    status: row.status,
    sourceIp: row.source_ip,
    requestId: row.request_id,
    detail: parseJson(row.detail, null),
  };
}

export function createAuditService({ db, now }: { db: DexterDb; now: () => number }) {
  function filtered(query: AuditQuery) {
    let select = db.selectFrom('audit_log').selectAll();
    if (query.actor) select = select.where('actor_name', '=', query.actor);
    if (query.action) select = select.where('action', '=', query.action);
    if (query.result) select = select.where('result', '=', query.result);
    if (query.target) {
      // Targets are a compact JSON object of strings, so an exact value is `:"<value>"` in it.
      const pattern = `%:${JSON.stringify(query.target).replace(/[%_\\]/g, '\\$&')}%`;
      select = select.where(likeIgnoringCase(db, 'targets', pattern));
    }
    if (query.since) select = select.where('at', '>=', Date.parse(query.since));
    if (query.until) select = select.where('at', '<', Date.parse(query.until));
    return select;
  }

  return {
    async record(entry: AuditRecord): Promise<void> {
      await db
        .insertInto('audit_log')
        .values({
          at: now(),
          actor_user_id: entry.actorUserId,
          actor_name: entry.actorName,
          actor_kind: entry.actorKind,
          action: entry.action,
          targets: JSON.stringify(entry.targets),
          result: entry.result,
          status: entry.status,
          source_ip: entry.sourceIp,
          request_id: entry.requestId,
          detail: entry.detail === null ? null : JSON.stringify(entry.detail),
        })
        .execute();
    },

    async list(query: AuditQuery): Promise<{ entries: AuditEntry[]; nextCursor: number | null }> {
      const limit = query.limit ?? DEFAULT_LIMIT;
      let select = filtered(query)
        .orderBy('id', 'desc')
        .limit(limit + 1);
      if (query.cursor) select = select.where('id', '<', query.cursor);
      const rows = await select.execute();
      const page = rows.slice(0, limit).map(toEntry);
      return { entries: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
    },

    /** Every matching entry, newest first, fetched a page at a time. */
    async *all(query: AuditQuery): AsyncGenerator<AuditEntry> {
      let cursor = query.cursor;
      for (;;) {
        let select = filtered(query).orderBy('id', 'desc').limit(EXPORT_PAGE);
        if (cursor) select = select.where('id', '<', cursor);
        const rows = await select.execute();
        for (const row of rows) yield toEntry(row);
        if (rows.length < EXPORT_PAGE) return;
        cursor = rows.at(-1)!.id;
      }
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
