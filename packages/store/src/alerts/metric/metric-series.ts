/**
 * The value of a metric rule's aggregate over the window ending at each of some points in time,
 * from the store's own tables: error events and their users (`events`), transactions (`spans`,
 * segment spans) and sessions (`session_states`, `session_aggregates`). One read per call covers
 * every point: rows come grouped by minute (sessions by the hour they started) and a window slides
 * over them, so the schedule (one point) and the 14-day preview (hundreds) run the same code.
 *
 * Windows are [end - window, end). Rates are percentages; a window without transactions or
 * sessions has no rate (null), and the state machine then holds its level.
 */
import type { MetricAlertRule } from '@dexter/contracts';
import type { Database } from 'better-sqlite3';
import { metricQuerySql } from './metric-query';

const MINUTE = 60_000;

/** The distinct-user key of a stored event, as the issue rules' backfill reads it. */
export const USER_KEY_SQL = `coalesce('id:' || json_extract(data, '$.user.id'),
  'email:' || json_extract(data, '$.user.email'), 'username:' || json_extract(data, '$.user.username'),
  'ip:' || json_extract(data, '$.user.ipAddress'))`;

/** One time slot: its start, and what was counted in it. */
interface Slot {
  at: number;
  /** Events; failed transactions; crashed sessions. */
  a: number;
  /** Transactions; sessions. */
  b: number;
  user: string | null;
}

type RuleShape = Pick<MetricAlertRule, 'aggregate' | 'environment' | 'windowMinutes' | 'query'>;

export function createMetricSeries(sqlite: Database) {
  const statements = new Map<string, ReturnType<Database['prepare']>>();
  const prepare = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = sqlite.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  const envClause = (column: string, environment: string | null) =>
    environment === null ? '' : ` and ${column} = @environment`;

  function slots(projectId: number, rule: RuleShape, from: number, to: number): Slot[] {
    const params = { projectId, from, to, environment: rule.environment };
    const query = metricQuerySql(rule);
    const matching = query === '' ? '' : ` and ${query}`;
    switch (rule.aggregate) {
      case 'event_count':
        return prepare(
          `select (timestamp / ${MINUTE}) * ${MINUTE} as at, count(*) as a, 0 as b, null as user from events
             where project_id = @projectId and timestamp >= @from and timestamp < @to
             ${envClause("json_extract(data, '$.environment')", rule.environment)}${matching}
             group by 1 order by 1`,
        ).all(params) as Slot[];
      case 'users':
        return prepare(
          `select distinct (timestamp / ${MINUTE}) * ${MINUTE} as at, 0 as a, 0 as b, ${USER_KEY_SQL} as user
             from events where project_id = @projectId and timestamp >= @from and timestamp < @to
             ${envClause("json_extract(data, '$.environment')", rule.environment)}${matching}
             order by 1`,
        )
          .all(params)
          .filter((slot) => (slot as Slot).user !== null) as Slot[];
      case 'failure_rate':
        // Sentry's failure_rate(): transactions whose status is not ok, cancelled or unknown.
        return prepare(
          `select cast(end_ms / ${MINUTE} as integer) * ${MINUTE} as at,
               sum(case when status not in ('ok', 'cancelled', 'unknown', 'unknown_error') then 1 else 0 end) as a,
               count(*) as b, null as user
             from spans where is_segment = 1 and project_id = @projectId and end_ms >= @from and end_ms < @to
             ${envClause('environment', rule.environment)}
             group by 1 order by 1`,
        ).all(params) as Slot[];
      case 'crash_free_rate':
        // Counted as release health counts them: sessions that began (`init`), crashed ones by sid,
        // plus the SDKs' pre-aggregated counts; bucketed by the hour they started.
        return prepare(
          `select bucket as at, sum(crashed) as a, sum(total) as b, null as user from (
               select bucket, case when status_rank = 3 then 1 else 0 end as crashed, 1 as total
               from session_states where project_id = @projectId and init = 1 and bucket >= @from and bucket < @to
               ${envClause('environment', rule.environment)}
               union all
               select bucket, crashed, total from session_aggregates
               where project_id = @projectId and bucket >= @from and bucket < @to
               ${envClause('environment', rule.environment)}
             ) group by bucket order by bucket`,
        ).all(params) as Slot[];
    }
  }

  /**
   * The aggregate over the window ending at each point (any order; answered in the same order).
   * Windows of sessions cover the hour buckets that start inside them.
   */
  function valuesAt(projectId: number, rule: RuleShape, points: readonly number[]): Array<number | null> {
    if (points.length === 0) return [];
    const window = rule.windowMinutes * MINUTE;
    const order = points.map((at, i) => ({ at, i })).sort((x, y) => x.at - y.at);
    const first = order[0]!.at - window;
    const last = order.at(-1)!.at;
    const rows = slots(projectId, rule, first, last);
    const out: Array<number | null> = new Array(points.length).fill(null);
    // A window sliding over the rows: `hi` admits rows before the end, `lo` drops rows before the start.
    let lo = 0;
    let hi = 0;
    let a = 0;
    let b = 0;
    const users = new Map<string, number>();
    for (const { at, i } of order) {
      while (hi < rows.length && rows[hi]!.at < at) {
        const row = rows[hi++]!;
        a += row.a;
        b += row.b;
        if (row.user !== null) users.set(row.user, (users.get(row.user) ?? 0) + 1);
      }
      while (lo < hi && rows[lo]!.at < at - window) {
        const row = rows[lo++]!;
        a -= row.a;
        b -= row.b;
        if (row.user !== null) {
          const n = (users.get(row.user) ?? 1) - 1;
          if (n === 0) users.delete(row.user);
          else users.set(row.user, n);
        }
      }
      out[i] = aggregateValue(rule.aggregate, a, b, users.size);
    }
    return out;
  }

  return { valuesAt };
}

function aggregateValue(
  aggregate: MetricAlertRule['aggregate'],
  a: number,
  b: number,
  users: number,
): number | null {
  switch (aggregate) {
    case 'event_count':
      return a;
    case 'users':
      return users;
    case 'failure_rate':
      return b === 0 ? null : (a / b) * 100;
    case 'crash_free_rate':
      return b === 0 ? null : (1 - a / b) * 100;
  }
}

export type MetricSeries = ReturnType<typeof createMetricSeries>;
