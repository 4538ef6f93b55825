/**
 * Rule snoozes in Dexter's database (migration 0013): set until a time, clear, list, and the one
 * question the dispatcher asks of each firing, "was this rule snoozed when it fired?". Snoozes are
 * Dexter's own, so they work the same over the built-in store and over Sentry.
 */
import type { Kysely } from 'kysely';
import type { DexterDb } from '../../db/database';

export type SnoozedKind = 'issue' | 'metric';

export interface AlertSnoozeTable {
  org: string;
  kind: SnoozedKind;
  rule_id: string;
  /** Epoch ms. */
  until: number;
  created_by: string | null;
  created_at: number;
}

export function createAlertSnoozes(dexterDb: DexterDb) {
  const db = dexterDb.withTables<{ alert_rule_snoozes: AlertSnoozeTable }>() as unknown as Kysely<{
    alert_rule_snoozes: AlertSnoozeTable;
  }>;
  return {
    async set(row: AlertSnoozeTable): Promise<void> {
      await db
        .insertInto('alert_rule_snoozes')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['org', 'kind', 'rule_id']).doUpdateSet({
            until: row.until,
            created_by: row.created_by,
            created_at: row.created_at,
          }),
        )
        .execute();
    },
    async clear(org: string, kind: SnoozedKind, ruleId: string): Promise<void> {
      await db
        .deleteFrom('alert_rule_snoozes')
        .where('org', '=', org)
        .where('kind', '=', kind)
        .where('rule_id', '=', ruleId)
        .execute();
    },
    /** The snoozes still running at `now`. */
    active(org: string, now: number) {
      return db
        .selectFrom('alert_rule_snoozes')
        .selectAll()
        .where('org', '=', org)
        .where('until', '>', now)
        .execute();
    },
    /**
     * Every snooze, as one check for many firings ("was this rule snoozed when it fired?"): the
     * dispatcher reads it once per batch of firings rather than once per firing.
     */
    async snapshot(): Promise<(org: string, kind: SnoozedKind, ruleId: string, at: number) => boolean> {
      const rows = await db
        .selectFrom('alert_rule_snoozes')
        .select(['org', 'kind', 'rule_id', 'until'])
        .execute();
      const until = new Map(
        rows.map((row) => [`${row.org}\n${row.kind}\n${row.rule_id}`, Number(row.until)]),
      );
      return (org, kind, ruleId, at) => (until.get(`${org}\n${kind}\n${ruleId}`) ?? 0) > at;
    },
  };
}

export type AlertSnoozes = ReturnType<typeof createAlertSnoozes>;
