/**
 * Tag keys and values of one issue in Sentry's tagstore shapes. A key carries `totalValues` (the
 * events that had the tag) and `uniqueValues` (its distinct values); a value carries its event
 * `count` and first/last seen. Labels follow Sentry's `get_tag_key_label` and
 * `get_tag_value_label` (`user` values `id:42` read `42`), and user values get the `query` that
 * finds them (`user.id:"42"`).
 *
 * The counts are per issue across environments: the store keeps no per-environment tag counts,
 * so an `environment` parameter does not narrow them.
 */
import type { IssueTagSchema, IssueTagValueSchema } from '@dexter/sentry-wire';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { StoreDb } from '../../../db/database';
import { isoOf } from '../../organizations/serialize-organization';

const TAG_LABELS: Record<string, string> = {
  exc_type: 'Exception Type',
  user: 'User',
  release: 'Release',
  dist: 'Distribution',
  os: 'OS',
  url: 'URL',
  server_name: 'Server',
};

/** Python's `str.title()` of the key with `_` as spaces, Sentry's fallback label. */
export const tagKeyLabel = (key: string) =>
  TAG_LABELS[key] ??
  key.replace(/_/g, ' ').replace(/(^|[^A-Za-z])([a-z])/g, (_, before, c: string) => before + c.toUpperCase());

const USER_VALUE = /^(id|email|username|ip):(.*)$/s;

export interface TagValueRow {
  key: string;
  value: string;
  times_seen: number;
  first_seen: number;
  last_seen: number;
}

export function serializeTagValue(row: TagValueRow) {
  const user = row.key === 'user' ? USER_VALUE.exec(row.value) : null;
  return {
    key: row.key,
    name: user ? user[2]! : row.value,
    value: row.value,
    count: row.times_seen,
    lastSeen: isoOf(row.last_seen),
    firstSeen: isoOf(row.first_seen),
    ...(user ? { query: `user.${user[1]}:"${user[2]!.replace(/"/g, '\\"')}"` } : {}),
  } satisfies z.input<typeof IssueTagValueSchema>;
}

export interface TagKeySummary {
  key: string;
  name: string;
  totalValues: number;
  uniqueValues: number;
}

/** A key with its top values, as `tags/` lists keys and `tags/{key}/` answers one. */
export const serializeTagKey = (summary: TagKeySummary, topValues: TagValueRow[]) =>
  ({ ...summary, topValues: topValues.map(serializeTagValue) }) satisfies z.input<typeof IssueTagSchema>;

export async function tagKeySummaries(
  db: StoreDb,
  issueId: number,
  keys: string[] = [],
): Promise<TagKeySummary[]> {
  let select = db
    .selectFrom('issue_tags')
    .select([
      'key',
      (eb) => eb.fn.countAll<number>().as('unique_values'),
      (eb) => eb.fn.sum<number>('times_seen').as('total_values'),
    ])
    .where('issue_id', '=', issueId);
  if (keys.length > 0) select = select.where('key', 'in', keys);
  const rows = await select.groupBy('key').orderBy('key').execute();
  return rows.map((row) => ({
    key: row.key,
    name: tagKeyLabel(row.key),
    totalValues: Number(row.total_values),
    uniqueValues: Number(row.unique_values),
  }));
}

/** The `perKey` most frequent values of each of the issue's keys (or of `keys`), in one query. */
export async function topTagValues(
  db: StoreDb,
  issueId: number,
  keys: string[],
  perKey: number,
): Promise<Map<string, TagValueRow[]>> {
  const keyFilter = keys.length > 0 ? sql`and key in (${sql.join(keys)})` : sql``;
  const { rows } = await sql<TagValueRow>`
    select key, value, times_seen, first_seen, last_seen from (
      select key, value, times_seen, first_seen, last_seen,
        row_number() over (partition by key order by times_seen desc, last_seen desc, value) as rank
      from issue_tags where issue_id = ${issueId} ${keyFilter}
    ) where rank <= ${perKey} order by key, rank`.execute(db);
  const byKey = new Map<string, TagValueRow[]>();
  for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  return byKey;
}
