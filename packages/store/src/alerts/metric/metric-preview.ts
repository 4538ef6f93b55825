/**
 * Where a metric rule would have fired over the last days: its compared value at evenly spaced
 * window ends, walked through the same state machine as the schedule, with every level change.
 * Steps are the rule's window but at least 5 minutes, so 14 days are at most 4,032 points; the
 * last window ends at the next whole minute.
 */
import {
  type MetricAlertRule,
  type MetricLevel,
  type MetricPreview,
  nextMetricLevel,
} from '@dexter/contracts';
import { comparedValues } from './metric-evaluator';
import type { MetricSeries } from './metric-series';

const MINUTE = 60_000;
export const PREVIEW_DAYS = 14;

export function previewMetricRule(
  series: MetricSeries,
  projectId: number,
  rule: MetricAlertRule,
  now: number,
  days = PREVIEW_DAYS,
): MetricPreview {
  const stepMinutes = Math.max(rule.windowMinutes, 5);
  const step = stepMinutes * MINUTE;
  // The last window ends at the next whole minute, so it holds what arrived up to now.
  const end = Math.floor(now / MINUTE) * MINUTE + MINUTE;
  const ends: number[] = [];
  for (let at = end - days * 86_400_000 + step; at <= end; at += step) ends.push(at);
  const values = comparedValues(series, projectId, rule, ends);
  const changes: MetricPreview['changes'] = [];
  let level: MetricLevel = 'ok';
  for (const [i, at] of ends.entries()) {
    const value = values[i] ?? null;
    const next = nextMetricLevel(rule, level, value);
    if (next !== level && value !== null) changes.push({ at, level: next, previous: level, value });
    level = next;
  }
  return { stepMinutes, points: ends.map((at, i) => [at, values[i] ?? null]), changes };
}
