/**
 * The alert tables of migration 0013, typed for Kysely. Kept beside the alerts code (and added to
 * the store's database type with `withTables`) so the feature stays in its folder.
 */
import type { Kysely } from 'kysely';
import type { StoreDb } from '../db/database';
import type { StoreDatabase } from '../db/schema';

export interface AlertRuleTable {
  id: number;
  organization_id: number;
  project_id: number;
  name: string;
  /** The model's JSON (`@dexter/contracts` alert rules). */
  rule: string;
  enabled: number;
  date_created: number;
  date_updated: number;
  /** `issue` or `metric` (migration 0019). */
  kind: 'issue' | 'metric';
}

export interface AlertFireTable {
  id: number;
  rule_id: number;
  organization_id: number;
  project_id: number;
  issue_id: number;
  event_id: string;
  fired_at: number;
  rule_name: string;
  /** JSON: the rule's actions when it fired. */
  actions: string;
  /** JSON: `FireReason`, why it fired. */
  reason: string;
  /** JSON: `MetricFireInfo` of a metric rule's firing (then `issue_id` is 0); null for issue rules. */
  metric: string | null;
}

export type AlertTables = {
  alert_rules: AlertRuleTable;
  alert_fires: AlertFireTable;
  alert_state: { key: string; value: number };
  metric_alert_state: { rule_id: number; level: string; evaluated_until: number; value: number | null };
  alert_events: {
    issue_id: number;
    project_id: number;
    timestamp: number;
    environment: string;
    user_key: string | null;
  };
};

export type AlertsDb = Kysely<StoreDatabase & AlertTables>;

export const alertsDb = (db: StoreDb): AlertsDb => db.withTables<AlertTables>();

/** Why a rule fired: each trigger that held, with what was counted. */
export interface FireReason {
  summary: string;
  triggers: Array<{ type: string; value?: number; window?: string; count?: number }>;
}

/** A metric rule's firing: the level it moved to (`ok` = resolved), from which, and the value seen. */
export interface MetricFireInfo {
  level: 'ok' | 'warning' | 'critical';
  previous: 'ok' | 'warning' | 'critical';
  /** The compared value (a change in percent for change rules); null never fires. */
  value: number;
  /** The window's end, epoch ms. */
  windowEnd: number;
}
