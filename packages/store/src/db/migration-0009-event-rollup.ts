/**
 * Migration 0009: hourly event counts per release and environment, the rollup behind the release
 * timeline (`api/timeseries/`), kept by the ingest writer in the events' own transaction.
 *
 * Two tables, because one does not serve both questions fast:
 * - `event_rollup` is per issue (one issue's timeline, `issue.id:` filters, and what issue delete
 *   and merge must take away or move). With many issues it is nearly as long as `events` itself.
 * - `event_rollup_project` is its sum over the issues of a project: a few rows per hour, what the
 *   organization's timeline reads. It always equals that sum (`ingest/write/event-rollup.ts`,
 *   `api/issues/mutations/issue-rollup.ts`).
 * `new_issues` counts the issues whose first event fell in the row (1 or 0 per issue). A missing
 * release or environment is stored as '' so both can be key columns. Existing events are counted
 * in from their normalized JSON, which holds `release` and `environment`.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const eventRollupMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table event_rollup (
        issue_id integer not null,
        bucket bigint not null,
        release text not null,
        environment text not null,
        project_id integer not null,
        events integer not null,
        new_issues integer not null,
        primary key (issue_id, bucket, release, environment)
      ) without rowid`.execute(db);
    // Timelines that exclude issues (`!issue.id:…`) scan a project's hours.
    await sql`create index event_rollup_project_bucket on event_rollup (project_id, bucket)`.execute(db);
    await sql`
      create table event_rollup_project (
        project_id integer not null,
        bucket bigint not null,
        release text not null,
        environment text not null,
        events integer not null,
        new_issues integer not null,
        primary key (project_id, bucket, release, environment)
      ) without rowid`.execute(db);
    await sql`
      with firsts as (select min(id) as id from events group by issue_id)
      insert into event_rollup (issue_id, bucket, release, environment, project_id, events, new_issues)
      select e.issue_id, e.timestamp - (e.timestamp % 3600000),
             coalesce(json_extract(e.data, '$.release'), ''),
             coalesce(json_extract(e.data, '$.environment'), ''),
             e.project_id, count(*), count(f.id)
      from events e left join firsts f on f.id = e.id
      group by 1, 2, 3, 4`.execute(db);
    await sql`
      insert into event_rollup_project (project_id, bucket, release, environment, events, new_issues)
      select project_id, bucket, release, environment, sum(events), sum(new_issues)
      from event_rollup group by 1, 2, 3, 4`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table if exists event_rollup_project`.execute(db);
    await sql`drop table if exists event_rollup`.execute(db);
  },
};
