/**
 * Migration 0019: metric alerts (`alerts/metric/`).
 *
 * - `alert_rules.kind` tells issue rules (`issue`, the model of `@dexter/contracts` alert rules)
 *   from metric rules (`metric`, its metric alert model); both share ids, history and deliveries.
 * - `alert_fires.metric` holds a metric firing's level and value (JSON); its `issue_id` is 0.
 * - `metric_alert_state` is each metric rule's level and the last window end it judged: the
 *   scheduler reads and writes it in one write transaction, so a window is judged once, whichever
 *   process (or restart) gets there first, and a level change fires once.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const metricAlertsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table alert_rules add column kind text not null default 'issue'`.execute(db);
    await sql`alter table alert_fires add column metric text`.execute(db);
    await sql`create index alert_rules_kind on alert_rules (kind, enabled)`.execute(db);
    await sql`
      create table metric_alert_state (
        rule_id integer primary key,
        level text not null,
        evaluated_until bigint not null,
        value real
      )`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table if exists metric_alert_state`.execute(db);
    await sql`drop index if exists alert_rules_kind`.execute(db);
    await sql`alter table alert_fires drop column metric`.execute(db);
    await sql`alter table alert_rules drop column kind`.execute(db);
  },
};
