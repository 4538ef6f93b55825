/**
 * The store's alerting, assembled: the evaluator the write queue runs inside each batch's
 * transaction, and the port Dexter's alerts feature reads firings through (it never opens the
 * store's database). A firing is told to `onFired` listeners once its batch committed; listeners
 * are a wake-up only, so a reader that missed one (another process fired, or a crash) finds the
 * firing anyway by reading `firesAfter` its last delivered id.
 */
import type { AlertAction, MetricAlertRule, MetricPreview } from '@dexter/contracts';
import type { Database } from 'better-sqlite3';
import type { StoreDb } from '../db/database';
import type { EventToWrite, WrittenEvent } from '../ingest/write/event-writer';
import { formatShortId } from '../short-id';
import { createAlertEvaluator } from './alert-evaluator';
import { alertsDb, type FireReason, type MetricFireInfo } from './alert-tables';
import { createMetricEvaluator } from './metric/metric-evaluator';
import { previewMetricRule } from './metric/metric-preview';

/**
 * One firing of a rule, with what its deliveries need: of an issue rule for an issue, or of a
 * metric rule (`metric` set; the issue fields are then empty).
 */
export interface AlertFire {
  id: number;
  ruleId: number;
  ruleName: string;
  org: string;
  project: string;
  issueId: string;
  shortId: string;
  title: string;
  culprit: string;
  level: string;
  eventId: string;
  /** Epoch ms. */
  firedAt: number;
  actions: AlertAction[];
  reason: FireReason;
  metric: MetricFireInfo | null;
}

export interface StoreAlertsPort {
  /** Called after a batch that fired committed; returns the unsubscribe. */
  onFired(listener: () => void): () => void;
  /** Firings with an id above `afterId`, oldest first. */
  firesAfter(afterId: number, limit: number): Promise<AlertFire[]>;
  /** The newest firing's id (0 when none): where a new reader starts. */
  latestFireId(): Promise<number>;
  /** The e-mail address of a member of organization `org`, or null. */
  memberEmail(org: string, memberId: string): Promise<string | null>;
  /**
   * Where a metric rule would have fired over the last 14 days in project `project` of `org`,
   * computed by the schedule's own code; null when there is no such project.
   */
  previewMetric(org: string, project: string, rule: MetricAlertRule): Promise<MetricPreview | null>;
  /** Judges the metric rules now (tests; the schedule does it every minute). */
  evaluateMetrics(at?: number): Promise<number>;
}

export function createStoreAlerts(options: {
  db: StoreDb;
  sqlite: Database;
  now: () => number;
  onError: (error: unknown) => void;
}) {
  const db = alertsDb(options.db);
  const evaluator = createAlertEvaluator(options.sqlite, options.now);
  const listeners = new Set<() => void>();
  const wake = () => {
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        options.onError(error);
      }
    }
  };
  const metrics = createMetricEvaluator({
    db: options.db,
    sqlite: options.sqlite,
    now: options.now,
    onFired: wake,
  });

  const port: StoreAlertsPort = {
    onFired(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async firesAfter(afterId, limit) {
      const rows = await db
        .selectFrom('alert_fires as f')
        .leftJoin('issues as i', 'i.id', 'f.issue_id')
        .innerJoin('projects as p', 'p.id', 'f.project_id')
        .innerJoin('organizations as o', 'o.id', 'f.organization_id')
        .select([
          'f.id',
          'f.rule_id',
          'f.rule_name',
          'f.issue_id',
          'f.event_id',
          'f.fired_at',
          'f.actions',
          'f.reason',
          'f.metric',
          'i.title',
          'i.culprit',
          'i.level',
          'i.short_id_num',
          'p.slug as project',
          'o.slug as org',
        ])
        .where('f.id', '>', afterId)
        .orderBy('f.id')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        id: row.id,
        ruleId: row.rule_id,
        ruleName: row.rule_name,
        org: row.org,
        project: row.project,
        issueId: row.metric === null ? String(row.issue_id) : '',
        shortId: row.short_id_num === null ? '' : formatShortId(row.project, row.short_id_num),
        title: row.title ?? row.rule_name,
        culprit: row.culprit ?? '',
        level: row.level ?? '',
        eventId: row.event_id,
        firedAt: Number(row.fired_at),
        actions: JSON.parse(row.actions) as AlertAction[],
        reason: JSON.parse(row.reason) as FireReason,
        metric: row.metric === null ? null : (JSON.parse(row.metric) as MetricFireInfo),
      }));
    },
    async latestFireId() {
      const row = await db
        .selectFrom('alert_fires')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst();
      return Number(row?.id ?? 0);
    },
    async memberEmail(org, memberId) {
      if (!/^\d+$/.test(memberId)) return null;
      const row = await db
        .selectFrom('members as m')
        .innerJoin('organizations as o', 'o.id', 'm.organization_id')
        .select('m.email')
        .where('o.slug', '=', org)
        .where('m.id', '=', Number(memberId))
        .executeTakeFirst();
      return row?.email ?? null;
    },
    async previewMetric(org, project, rule) {
      const row = await db
        .selectFrom('projects as p')
        .innerJoin('organizations as o', 'o.id', 'p.organization_id')
        .select('p.id')
        .where('o.slug', '=', org)
        .where('p.slug', '=', project)
        .executeTakeFirst();
      return row ? previewMetricRule(metrics.series, row.id, rule, options.now()) : null;
    },
    evaluateMetrics: (at) => metrics.evaluate(at ?? options.now()),
  };

  return {
    port,
    /** For the write queue: runs inside each batch's transaction, before its commit. */
    inTransaction: {
      afterWrites(jobs: readonly EventToWrite[], written: readonly WrittenEvent[]) {
        evaluator.evaluateSafely(jobs, written, options.onError);
      },
      rolledBack: evaluator.rolledBack,
    },
    /** After a batch committed: wakes the readers if it fired. */
    committed(): void {
      if (evaluator.takeFired() > 0) wake();
    },
    /** Starts judging metric rules every minute (checked every `everyMs`). */
    start(everyMs = 5_000): void {
      metrics.start(everyMs, options.onError);
    },
    stop: () => metrics.stop(),
  };
}

export type StoreAlerts = ReturnType<typeof createStoreAlerts>;
