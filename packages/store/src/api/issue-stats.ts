/** Hourly event counts of the last 24 hours per issue: the `stats["24h"]` series of issue lists. */
import { sql } from 'kysely';
import type { ApiContext } from './api-context';
import type { StatsSeries } from './serialize-issue';

const HOUR = 3_600_000;

export async function hourlyStats(ctx: ApiContext, issueIds: number[]): Promise<Map<number, StatsSeries>> {
  const end = Math.floor(ctx.now() / HOUR) * HOUR;
  const start = end - 23 * HOUR;
  const result = new Map<number, StatsSeries>();
  for (const id of issueIds) {
    result.set(
      id,
      Array.from({ length: 24 }, (_, i): [number, number] => [(start + i * HOUR) / 1000, 0]),
    );
  }
  if (issueIds.length === 0) return result;
  const rows = await ctx.db
    .selectFrom('events')
    .select([
      'issue_id',
      sql<number>`(timestamp / ${sql.lit(HOUR)}) * ${sql.lit(HOUR)}`.as('bucket'),
      sql<number>`count(*)`.as('n'),
    ])
    .where('issue_id', 'in', issueIds)
    .where('timestamp', '>=', start)
    .groupBy(['issue_id', 'bucket'])
    .execute();
  for (const row of rows) {
    const index = (Number(row.bucket) - start) / HOUR;
    const series = result.get(row.issue_id);
    if (series && Number.isInteger(index) && index >= 0 && index < 24) series[index]![1] = Number(row.n);
  }
  return result;
}
