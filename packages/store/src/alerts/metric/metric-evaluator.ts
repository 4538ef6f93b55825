/**
 * Judges the enabled metric rules on a schedule: each rule at the end of the last whole minute,
 * once. The rule's level and the last window end it judged live in `metric_alert_state`, read and
 * written in one write transaction (`begin immediate`, holding the store's one connection like the
 * ingest writer), with the firing of a level change in the same commit. So a window is judged once
 * however many processes share the database or restart, and a level change fires once; after a
 * pause the scheduler judges only the newest window (it never replays what it missed).
 *
 * The preview runs the same value and level code over 14 days (`previewMetricRule`).
 */
import {
  comparedValue,
  METRIC_AGGREGATE_WORDS,
  type MetricAlertRule,
  type MetricLevel,
  nextMetricLevel,
} from '@dexter/contracts';
import type { Database } from 'better-sqlite3';
import type { StoreDb } from '../../db/database';
import type { FireReason, MetricFireInfo } from '../alert-tables';
import { storedMetricRule } from './metric-query';
import { createMetricSeries, type MetricSeries } from './metric-series';

const MINUTE = 60_000;

interface MetricRuleRow {
  id: number;
  organization_id: number;
  project_id: number;
  name: string;
  rule: string;
}

/** The compared value of `rule` for the windows ending at `ends` (a change needs its earlier window too). */
export function comparedValues(
  series: MetricSeries,
  projectId: number,
  rule: MetricAlertRule,
  ends: readonly number[],
): Array<number | null> {
  const values = series.valuesAt(projectId, rule, ends);
  if (rule.detection.type === 'static') return values;
  const delta = rule.detection.comparisonDeltaMinutes * MINUTE;
  const earlier = series.valuesAt(
    projectId,
    rule,
    ends.map((end) => end - delta),
  );
  return values.map((value, i) => comparedValue(rule.detection, value, earlier[i] ?? null));
}

export function describeMetricFire(rule: MetricAlertRule, info: MetricFireInfo): FireReason {
  const what = METRIC_AGGREGATE_WORDS[rule.aggregate];
  const rate = rule.aggregate === 'failure_rate' || rule.aggregate === 'crash_free_rate';
  const shown = `${Math.round(info.value * 100) / 100}${rate || rule.detection.type === 'percent' ? ' %' : ''}`;
  const window = rule.windowMinutes >= 60 ? `${rule.windowMinutes / 60} h` : `${rule.windowMinutes} min`;
  const where = rule.environment ? ` in ${rule.environment}` : '';
  const change =
    rule.detection.type === 'percent'
      ? ` change against ${rule.detection.comparisonDeltaMinutes} minutes earlier`
      : '';
  const threshold =
    info.level === 'critical' ? rule.critical : info.level === 'warning' ? rule.warning : null;
  const summary =
    info.level === 'ok'
      ? `resolved: ${what}${change} ${shown} over ${window}${where} (was ${info.previous})`
      : `${info.level}: ${what}${change} ${shown} over ${window}${where}, ${rule.direction} ${threshold}`;
  return {
    summary,
    triggers: [
      {
        type: `metric_${info.level}`,
        ...(threshold === null ? {} : { value: threshold }),
        window: `${rule.windowMinutes}m`,
        count: info.value,
      },
    ],
  };
}

export function createMetricEvaluator(options: {
  db: StoreDb;
  sqlite: Database;
  now: () => number;
  onFired: () => void;
}) {
  const { sqlite } = options;
  const series = createMetricSeries(sqlite);
  const rules = sqlite.prepare<[], MetricRuleRow>(
    `select id, organization_id, project_id, name, rule from alert_rules
     where kind = 'metric' and enabled = 1`,
  );
  const hasRules = sqlite.prepare("select 1 from alert_rules where kind = 'metric' and enabled = 1 limit 1");
  const stateOf = sqlite.prepare<[number], { level: MetricLevel; evaluated_until: number }>(
    'select level, evaluated_until from metric_alert_state where rule_id = ?',
  );
  const saveState = sqlite.prepare(
    `insert into metric_alert_state (rule_id, level, evaluated_until, value) values (?, ?, ?, ?)
     on conflict (rule_id) do update set level = excluded.level, evaluated_until = excluded.evaluated_until,
       value = excluded.value`,
  );
  const insertFire = sqlite.prepare(
    `insert into alert_fires (rule_id, organization_id, project_id, issue_id, event_id, fired_at, rule_name,
       actions, reason, metric)
     values (@ruleId, @organizationId, @projectId, 0, '', @firedAt, @ruleName, @actions, @reason, @metric)`,
  );
  const begin = sqlite.prepare('begin immediate');
  const commit = sqlite.prepare('commit');
  const rollback = sqlite.prepare('rollback');
  let judgedUntil = 0;

  /** Judges every enabled metric rule at the last whole minute before `at`; returns the firings. */
  function evaluate(at: number): Promise<number> {
    const end = Math.floor(at / MINUTE) * MINUTE;
    // A store without metric rules never takes the write lock for them.
    if (!hasRules.get()) {
      judgedUntil = end;
      return Promise.resolve(0);
    }
    return options.db.connection().execute(async () => {
      begin.run();
      try {
        let fired = 0;
        for (const row of rules.all()) {
          const state = stateOf.get(row.id) ?? { level: 'ok' as MetricLevel, evaluated_until: 0 };
          if (state.evaluated_until >= end) continue;
          const rule = storedMetricRule(row.rule);
          const value = comparedValues(series, row.project_id, rule, [end])[0] ?? null;
          const level = nextMetricLevel(rule, state.level, value);
          saveState.run(row.id, level, end, value);
          if (level === state.level || value === null) continue;
          const info: MetricFireInfo = { level, previous: state.level, value, windowEnd: end };
          insertFire.run({
            ruleId: row.id,
            organizationId: row.organization_id,
            projectId: row.project_id,
            firedAt: at,
            ruleName: row.name,
            actions: JSON.stringify(rule.actions),
            reason: JSON.stringify(describeMetricFire(rule, info)),
            metric: JSON.stringify(info),
          });
          fired += 1;
        }
        commit.run();
        judgedUntil = end;
        if (fired > 0) options.onFired();
        return fired;
      } catch (error) {
        if (sqlite.inTransaction) rollback.run();
        throw error;
      }
    });
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  return {
    series,
    evaluate,
    /** Checks every `everyMs` whether a new minute began, and judges it. */
    start(everyMs: number, onError: (error: unknown) => void): void {
      if (timer) return;
      timer = setInterval(() => {
        const at = options.now();
        if (running || Math.floor(at / MINUTE) * MINUTE <= judgedUntil) return;
        running = evaluate(at)
          .catch(onError)
          .finally(() => {
            running = null;
          });
      }, everyMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}

export type MetricEvaluator = ReturnType<typeof createMetricEvaluator>;
