/**
 * Migration 0017: a rollup of child spans by transaction, operation and description per hour,
 * maintained at ingest (`tracing/span-writer.ts`). A transaction summary's slowest operations and
 * spans group every child span of the transaction over the period (1M spans: a route's ~49,000
 * rows read and sorted twice, most of the summary's time in bench:tracing); from here they read
 * 24 hourly rows per group and only the spans of the two partial hours at the range's edges
 * (`api/traces/span-group-rollup.ts`). Durations are kept as a log-scale histogram
 * (`tracing/duration-histogram.ts`), so percentiles merge across hours.
 *
 * Spans already stored are rolled up here, in SQL; its bucket expression is `bucketOf`'s twin.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const spanGroupRollupMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table span_group_hours (
      "transaction" text not null,
      hour_ms integer not null,
      project_id integer not null,
      environment text not null,
      op text not null,
      description text not null,
      spans integer not null,
      total_ms real not null,
      min_ms real not null,
      max_ms real not null,
      histogram text not null,
      primary key ("transaction", hour_ms, project_id, environment, op, description)
    ) without rowid`.execute(db);
    // Retention deletes whole hours.
    await sql`create index span_group_hours_time on span_group_hours (hour_ms)`.execute(db);
    await sql`insert into span_group_hours
      select tx, hour_ms, project_id, env, op, description, sum(n), sum(total), min(lo), max(hi),
        json_group_object(bucket, n)
      from (
        select coalesce("transaction", '') as tx, cast(end_ms / 3600000 as integer) * 3600000 as hour_ms,
          project_id, coalesce(environment, '') as env, coalesce(op, '') as op,
          coalesce(description, '') as description,
          case when end_ms - start_ms > 0
            then max(-999, cast(floor(log2(end_ms - start_ms) * 16) as integer)) else -1000 end as bucket,
          count(*) as n, sum(end_ms - start_ms) as total, min(end_ms - start_ms) as lo,
          max(end_ms - start_ms) as hi
        from spans where is_segment = 0
        group by 1, 2, 3, 4, 5, 6, 7
      )
      group by 1, 2, 3, 4, 5, 6`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table if exists span_group_hours`.execute(db);
  },
};
