/**
 * Migration 0013: issue alert rules and their firings (`alerts/`).
 *
 * - `alert_rules` holds each rule as the model's JSON (`@dexter/contracts`, alert-rules); the legacy
 *   `/rules/` shape is derived from it when served.
 * - `alert_fires` is the alert history and the source of every delivery: one row per firing of a
 *   rule for an issue, written by the ingest writer inside the events' own transaction, with the
 *   actions and the reason as they were at that moment. Its (rule, issue, time) index answers
 *   "did this rule fire for this issue inside its action interval", the check that keeps two
 *   writers (two Dexter instances on one database) from both firing.
 * - `alert_state` counts rule writes (`rules_generation`), so an evaluator learns in one read per
 *   batch that its cached rules are stale, whichever process changed them.
 * - `alert_events` is what rule windows count: per stored event of a project with enabled rules,
 *   its issue, time, environment and user, written in the event's own transaction (and filled from
 *   `events` for the last 30 days when a project gets its first enabled rule). Counting it never
 *   parses an event's JSON, which an environment or a distinct-user count over `events` would.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const alertsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table alert_rules (
        id integer primary key autoincrement,
        organization_id integer not null references organizations (id),
        project_id integer not null references projects (id),
        name text not null,
        rule text not null,
        enabled integer not null,
        date_created bigint not null,
        date_updated bigint not null
      )`.execute(db);
    await sql`create index alert_rules_project on alert_rules (project_id, id)`.execute(db);
    await sql`
      create table alert_fires (
        id integer primary key autoincrement,
        rule_id integer not null,
        organization_id integer not null,
        project_id integer not null,
        issue_id integer not null,
        event_id text not null,
        fired_at bigint not null,
        rule_name text not null,
        actions text not null,
        reason text not null
      )`.execute(db);
    await sql`create index alert_fires_rule_issue on alert_fires (rule_id, issue_id, fired_at)`.execute(db);
    await sql`create index alert_fires_rule on alert_fires (rule_id, id)`.execute(db);
    await sql`
      create table alert_events (
        issue_id integer not null,
        project_id integer not null,
        timestamp bigint not null,
        environment text not null,
        user_key text
      )`.execute(db);
    await sql`create index alert_events_issue_time on alert_events (issue_id, timestamp)`.execute(db);
    await sql`create index alert_events_project_time on alert_events (project_id, timestamp)`.execute(db);
    await sql`create table alert_state (key text primary key, value integer not null) without rowid`.execute(
      db,
    );
    await sql`insert into alert_state (key, value) values ('rules_generation', 0)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['alert_state', 'alert_events', 'alert_fires', 'alert_rules'])
      await sql`drop table if exists ${sql.table(table)}`.execute(db);
  },
};
