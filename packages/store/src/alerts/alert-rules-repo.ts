/**
 * Alert rules in the store's database: create, read, overwrite, delete, each write bumping the
 * rules generation in its own transaction so every evaluator (any process on this database)
 * reloads its rules at its next batch. Rules are served in Sentry's legacy `Rule` shape
 * (spec@59279fd L84355), with `lastTriggered` from the alert history.
 */
import { type AlertRule, toLegacyRule } from '@dexter/contracts';
import { sql } from 'kysely';
import { ALERT_EVENTS_RETENTION_MS } from './alert-evaluator';
import type { AlertRuleTable, AlertsDb } from './alert-tables';
import { USER_KEY_SQL } from './metric/metric-series';

/** The built-in store is Dexter's own: Dexter's actions need no Sentry App installation here. */
export const BUILT_IN_APP = 'dexter';

export interface RuleStats {
  lastFired: number | null;
  fireCount: number;
}

const userKeySql = sql.raw(USER_KEY_SQL);

export function createAlertRulesRepo(db: AlertsDb, now: () => number) {
  const bumpGeneration = () => sql`update alert_state set value = value + 1 where key = 'rules_generation'`;

  /**
   * A project's first enabled rule: fill `alert_events` from its stored events of the retention
   * period, so windows that began before the rule existed count right from its first batch. The
   * write lock keeps ingest out until this commits; from the next batch on the evaluator (which
   * sees the new rules generation) records each event itself.
   */
  async function trackIfFirst(trx: AlertsDb, projectId: number, exceptRule: number | null, enabled: boolean) {
    if (!enabled) return;
    const others = await trx
      .selectFrom('alert_rules')
      .select('id')
      .where('project_id', '=', projectId)
      .where('kind', '=', 'issue')
      .where('enabled', '=', 1)
      .$if(exceptRule !== null, (q) => q.where('id', '!=', exceptRule!))
      .limit(1)
      .executeTakeFirst();
    if (others) return;
    await sql`delete from alert_events where project_id = ${projectId}`.execute(trx);
    await sql`
      insert into alert_events (issue_id, project_id, timestamp, environment, user_key)
      select issue_id, project_id, timestamp, coalesce(json_extract(data, '$.environment'), ''), ${userKeySql}
      from events where project_id = ${projectId} and timestamp > ${now() - ALERT_EVENTS_RETENTION_MS}`.execute(
      trx,
    );
  }

  return {
    async create(organizationId: number, projectId: number, rule: AlertRule): Promise<AlertRuleTable> {
      return db.transaction().execute(async (trx) => {
        await trackIfFirst(trx, projectId, null, rule.enabled);
        const row = await trx
          .insertInto('alert_rules')
          .values({
            organization_id: organizationId,
            project_id: projectId,
            name: rule.name,
            rule: JSON.stringify(rule),
            enabled: rule.enabled ? 1 : 0,
            date_created: now(),
            date_updated: now(),
          } as never)
          .returningAll()
          .executeTakeFirstOrThrow();
        await bumpGeneration().execute(trx);
        return row;
      });
    },

    async replace(projectId: number, id: number, rule: AlertRule): Promise<AlertRuleTable | undefined> {
      return db.transaction().execute(async (trx) => {
        await trackIfFirst(trx, projectId, id, rule.enabled);
        const row = await trx
          .updateTable('alert_rules')
          .set({
            name: rule.name,
            rule: JSON.stringify(rule),
            enabled: rule.enabled ? 1 : 0,
            date_updated: now(),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        await bumpGeneration().execute(trx);
        return row;
      });
    },

    async remove(id: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('alert_rules').where('id', '=', id).execute();
        await bumpGeneration().execute(trx);
      });
    },

    get(projectId: number, id: number): Promise<AlertRuleTable | undefined> {
      return db
        .selectFrom('alert_rules')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('id', '=', id)
        .where('kind', '=', 'issue')
        .executeTakeFirst();
    },

    list(projectId: number, limit: number, offset: number): Promise<AlertRuleTable[]> {
      return db
        .selectFrom('alert_rules')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('kind', '=', 'issue')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    async stats(ruleIds: readonly number[]): Promise<Map<number, RuleStats>> {
      if (ruleIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('alert_fires')
        .select([
          'rule_id',
          (eb) => eb.fn.max('fired_at').as('last'),
          (eb) => eb.fn.countAll<number>().as('n'),
        ])
        .where('rule_id', 'in', [...ruleIds])
        .groupBy('rule_id')
        .execute();
      return new Map(rows.map((r) => [r.rule_id, { lastFired: Number(r.last), fireCount: Number(r.n) }]));
    },
  };
}

export type AlertRulesRepo = ReturnType<typeof createAlertRulesRepo>;

/** A stored rule in Sentry's legacy `Rule` shape. */
export function serializeLegacyRule(row: AlertRuleTable, projectSlug: string, stats: RuleStats | undefined) {
  const rule = JSON.parse(row.rule) as AlertRule;
  const mapped = toLegacyRule(rule, { dexterApp: BUILT_IN_APP });
  // Every stored rule was accepted in this shape, so the mapping cannot refuse it.
  if (!mapped.ok) throw new Error(`stored rule ${row.id} cannot be shown: ${mapped.problems[0]?.message}`);
  return {
    id: String(row.id),
    ...mapped.body,
    owner: null,
    createdBy: null,
    dateCreated: new Date(row.date_created).toISOString(),
    projects: [projectSlug],
    status: row.enabled ? 'active' : 'disabled',
    snooze: false,
    lastTriggered: stats?.lastFired ? new Date(stats.lastFired).toISOString() : null,
  };
}
