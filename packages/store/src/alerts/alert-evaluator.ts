/**
 * Evaluates the enabled alert rules on each ingest batch, inside the batch's own transaction (the
 * write queue calls it before `commit`), and records every firing in `alert_fires` there too. So a
 * firing exists if and only if its events do, and the check "has this rule fired for this issue
 * inside its action interval" and the insert that follows are one step under SQLite's write lock:
 * two processes writing to one database cannot both fire.
 *
 * Counts come from stored events (`alert_events`: issue, time, environment and user of each event
 * of a project with enabled rules, written here in the same transaction), never from memory, so a
 * restart in the middle of a window neither forgets the count nor fires twice. Each count stops at
 * the threshold + 1 (`limit`), so a busy issue costs no more than its rule's threshold per batch.
 * Memory holds only hints: the compiled rules (reloaded when `rules_generation` moves), per rule
 * and issue "fired until t" (a skip the database would confirm anyway), and per counted group and
 * issue its last exact count with the issue's `times_seen` then. A window's count can grow by at
 * most the events stored since (whichever process stored them: `times_seen` is read from the
 * database), so while that bound stays at or under the lowest open threshold nothing is counted.
 *
 * Semantics are Sentry's: filters look at the arriving event; a count holds when the issue was
 * seen MORE than `value` times (or by more than `value` users) in the window, in the rule's
 * environment when it has one; actions run at most once per interval per rule and issue. The
 * batch is judged once per rule and issue, with its last matching event as the trigger.
 */

import { ALERT_WINDOWS, type AlertRule } from '@dexter/contracts';
import type { Database } from 'better-sqlite3';
import type { EventToWrite, WrittenEvent } from '../ingest/write/event-writer';
import {
  type CompiledRule,
  type CountedTrigger,
  type CountGroup,
  compileRule,
  indexRules,
  type ProjectRules,
} from './alert-rule-index';
import type { FireReason } from './alert-tables';

/** The batch's events of one issue, in order. */
interface IssueBatch {
  issueId: number;
  projectId: number;
  events: EventToWrite[];
  newIssue: boolean;
  regression: boolean;
}

/** Hints kept (of each kind); beyond this they start over (the database still decides). */
const MAX_HINTS = 100_000;

/** An issue's all-time figures, which bound every window's count from above. */
interface IssueTotals {
  times_seen: number;
  user_count: number;
}

/** How far back `alert_events` is kept: the longest window, and a day of slack. */
export const ALERT_EVENTS_RETENTION_MS = 31 * 86_400_000;
const PRUNE_EVERY_MS = 10 * 60_000;

export function createAlertEvaluator(sqlite: Database, now: () => number) {
  const generation = sqlite.prepare("select value from alert_state where key = 'rules_generation'").pluck();
  const enabledRules = sqlite.prepare(
    "select id, organization_id, project_id, rule from alert_rules where enabled = 1 and kind = 'issue'",
  );
  const lastFire = sqlite
    .prepare('select max(fired_at) from alert_fires where rule_id = ? and issue_id = ?')
    .pluck();
  const issueTotals = sqlite.prepare<[number], IssueTotals>(
    'select times_seen, user_count from issues where id = ?',
  );
  const recordEvent = sqlite.prepare(
    'insert into alert_events (issue_id, project_id, timestamp, environment, user_key) values (?, ?, ?, ?, ?)',
  );
  const prune = sqlite.prepare('delete from alert_events where project_id = ? and timestamp < ?');
  const events = sqlite
    .prepare('select count(*) from (select 1 from alert_events where issue_id = ? and timestamp > ? limit ?)')
    .pluck();
  const eventsIn = sqlite
    .prepare(
      `select count(*) from (select 1 from alert_events where issue_id = ? and timestamp > ? and environment = ?
         limit ?)`,
    )
    .pluck();
  const users = sqlite
    .prepare(
      `select count(*) from (select distinct user_key from alert_events where issue_id = ? and timestamp > ?
         and user_key is not null limit ?)`,
    )
    .pluck();
  const usersIn = sqlite
    .prepare(
      `select count(*) from (select distinct user_key from alert_events where issue_id = ? and timestamp > ?
         and environment = ? and user_key is not null limit ?)`,
    )
    .pluck();
  const insertFire = sqlite.prepare(
    `insert into alert_fires (rule_id, organization_id, project_id, issue_id, event_id, fired_at, rule_name, actions, reason)
     values (@ruleId, @organizationId, @projectId, @issueId, @eventId, @firedAt, @ruleName, @actions, @reason)`,
  );

  let loadedGeneration = -1;
  let byProject = new Map<number, ProjectRules>();
  let hints = 0;
  let firedSinceTaken = 0;
  let prunedAt = 0;

  function rulesFresh(): void {
    const current = generation.get() as number;
    if (current === loadedGeneration) return;
    const next = new Map<number, CompiledRule[]>();
    for (const row of enabledRules.all() as Array<{
      id: number;
      organization_id: number;
      project_id: number;
      rule: string;
    }>) {
      const list = next.get(row.project_id) ?? [];
      list.push(compileRule(row));
      next.set(row.project_id, list);
    }
    byProject = new Map([...next].map(([projectId, rules]) => [projectId, indexRules(rules)]));
    loadedGeneration = current;
    hints = 0;
  }

  /** Drops every hint: they may describe fires or counts that were just undone. */
  function forgetHints(): void {
    for (const index of byProject.values()) {
      for (const compiled of index.all) compiled.quietUntil.clear();
      for (const group of index.groups) group.counted.clear();
    }
    hints = 0;
  }

  function hinted(): void {
    if (++hints > MAX_HINTS) forgetHints();
  }

  /** Counts of one batch, exact up to their cap; one query per issue, count kind and cap. */
  function counter(at: number) {
    const cache = new Map<string, { count: number; cap: number }>();
    return (
      issueId: number,
      trigger: Omit<CountedTrigger, 'value'>,
      environment: string | null,
      cap: number,
    ) => {
      const key = `${issueId}|${trigger.type}|${trigger.window}|${environment ?? ''}`;
      const cached = cache.get(key);
      if (cached && (cached.count < cached.cap || cached.cap >= cap)) return cached.count;
      const since = at - ALERT_WINDOWS[trigger.window];
      const statement =
        trigger.type === 'frequency' ? (environment ? eventsIn : events) : environment ? usersIn : users;
      const count = (
        environment ? statement.get(issueId, since, environment, cap) : statement.get(issueId, since, cap)
      ) as number;
      cache.set(key, { count, cap });
      return count;
    };
  }

  /** The issue's latest event of the batch that the rule looks at (its environment and filters). */
  function lastMatching(compiled: CompiledRule, batch: IssueBatch): EventToWrite | null {
    for (let i = batch.events.length - 1; i >= 0; i--) {
      const event = batch.events[i]!;
      if (compiled.looksAt(event)) return event;
    }
    return null;
  }

  const quiet = (compiled: CompiledRule, issueId: number, at: number) =>
    (compiled.quietUntil.get(issueId) ?? 0) > at;

  function quietFor(compiled: CompiledRule, issueId: number, until: number): void {
    compiled.quietUntil.set(issueId, until);
    hinted();
  }

  /**
   * At most how many the group can count now for the issue, from its last exact count: each event
   * stored since adds at most one event (or one user). Null when there is no usable hint.
   */
  function upperBound(group: CountGroup, issueId: number, totals: IssueTotals | undefined): number | null {
    const hint = group.counted.get(issueId);
    if (!hint || !totals || totals.times_seen < hint.timesSeen) return null;
    return hint.count + (totals.times_seen - hint.timesSeen);
  }

  function countGroup(
    group: CountGroup,
    batch: IssueBatch,
    count: ReturnType<typeof counter>,
    cap: number,
    totals: IssueTotals | undefined,
  ): number {
    const n = count(batch.issueId, group.trigger, group.environment, cap);
    if (n < cap && totals) {
      group.counted.set(batch.issueId, { count: n, timesSeen: totals.times_seen });
      hinted();
    }
    return n;
  }

  /** Fires unless the rule fired for the issue inside its interval (the database decides). */
  function fire(
    compiled: CompiledRule,
    batch: IssueBatch,
    event: EventToWrite,
    reason: FireReason,
    at: number,
  ) {
    const last = lastFire.get(compiled.id, batch.issueId) as number | null;
    if (last !== null && last + compiled.intervalMs > at) {
      quietFor(compiled, batch.issueId, last + compiled.intervalMs);
      return 0;
    }
    insertFire.run({
      ruleId: compiled.id,
      organizationId: compiled.organizationId,
      projectId: batch.projectId,
      issueId: batch.issueId,
      eventId: event.eventId,
      firedAt: at,
      ruleName: compiled.rule.name,
      actions: compiled.actionsJson,
      reason: JSON.stringify(reason),
    });
    quietFor(compiled, batch.issueId, at + compiled.intervalMs);
    return 1;
  }

  /** A rule of any shape, trigger by trigger (`mixed` rules, and instant ones). */
  function judge(
    rule: AlertRule,
    batch: IssueBatch,
    count: ReturnType<typeof counter>,
    totals: IssueTotals | undefined,
  ): FireReason | null {
    const held: FireReason['triggers'] = [];
    let all = true;
    for (const trigger of rule.triggers) {
      let holds: boolean;
      if (trigger.type === 'new_issue') holds = batch.newIssue;
      else if (trigger.type === 'regression') holds = batch.regression;
      else {
        const bound = trigger.type === 'frequency' ? totals?.times_seen : totals?.user_count;
        const n =
          bound !== undefined && bound <= trigger.value
            ? bound
            : count(batch.issueId, trigger, rule.environment, trigger.value + 1);
        holds = n > trigger.value;
        if (holds) held.push({ type: trigger.type, value: trigger.value, window: trigger.window, count: n });
        all &&= holds;
        continue;
      }
      if (holds) held.push({ type: trigger.type });
      all &&= holds;
    }
    const fires = rule.triggerMatch === 'all' ? all : held.length > 0;
    return fires ? { summary: summarize(held, rule.environment), triggers: held } : null;
  }

  function judgeIssue(index: ProjectRules, batch: IssueBatch, count: ReturnType<typeof counter>, at: number) {
    let fired = 0;
    const needsTotals =
      index.groups.length > 0 || index.mixed.length > 0 || batch.newIssue || batch.regression;
    const totals = needsTotals ? issueTotals.get(batch.issueId) : undefined;
    for (const compiled of candidates(index, batch)) {
      if (quiet(compiled, batch.issueId, at)) continue;
      const event = lastMatching(compiled, batch);
      if (!event) continue;
      const reason = judge(compiled.rule, batch, count, totals);
      if (reason) fired += fire(compiled, batch, event, reason, at);
    }
    for (const group of index.groups) fired += judgeGroup(group, batch, count, totals, at);
    return fired;
  }

  /** The rules judged one by one for this issue: instant ones only at their moment, and the mixed. */
  function candidates(index: ProjectRules, batch: IssueBatch): readonly CompiledRule[] {
    if (batch.newIssue && batch.regression)
      return [...new Set([...index.onNewIssue, ...index.onRegression, ...index.mixed])];
    if (batch.newIssue) return index.mixed.length ? [...index.onNewIssue, ...index.mixed] : index.onNewIssue;
    if (batch.regression)
      return index.mixed.length ? [...index.onRegression, ...index.mixed] : index.onRegression;
    return index.mixed;
  }

  function judgeGroup(
    group: CountGroup,
    batch: IssueBatch,
    count: ReturnType<typeof counter>,
    totals: IssueTotals | undefined,
    at: number,
  ): number {
    // Most issues are small: when even the issue's all-time total is under the group's lowest
    // threshold, no rule of the group can hold, and nothing needs counting.
    const allTime = group.trigger.type === 'frequency' ? totals?.times_seen : totals?.user_count;
    if (allTime !== undefined && allTime <= group.rules[0]!.value) return 0;
    if (group.environment !== null && !batch.events.some((e) => e.environment === group.environment))
      return 0;
    let lowest: number | null = null;
    let highest = 0;
    for (const { compiled, value } of group.rules) {
      if (quiet(compiled, batch.issueId, at)) continue;
      lowest ??= value;
      highest = value;
    }
    if (lowest === null) return 0;
    const bound = upperBound(group, batch.issueId, totals);
    if (bound !== null && bound <= lowest) return 0;
    // First count only up to the lowest threshold still open for this issue: usually nothing
    // holds, and that costs no more rows than the threshold. Count further only if it does.
    let n = countGroup(group, batch, count, lowest + 1, totals);
    if (n <= lowest) return 0;
    if (highest > lowest) n = countGroup(group, batch, count, highest + 1, totals);
    let fired = 0;
    for (const { compiled, value } of group.rules) {
      if (n <= value) break;
      if (quiet(compiled, batch.issueId, at)) continue;
      const event = lastMatching(compiled, batch);
      if (!event) continue;
      const held = [{ type: group.trigger.type, value, window: group.trigger.window, count: n }];
      fired += fire(
        compiled,
        batch,
        event,
        { summary: summarize(held, group.environment), triggers: held },
        at,
      );
    }
    return fired;
  }

  /** Runs in the open write transaction, after the batch's events are written. */
  function evaluate(jobs: readonly EventToWrite[], written: readonly WrittenEvent[]): number {
    rulesFresh();
    if (byProject.size === 0) return 0;
    const at = now();
    if (at - prunedAt > PRUNE_EVERY_MS) {
      for (const projectId of byProject.keys()) prune.run(projectId, at - ALERT_EVENTS_RETENTION_MS);
      prunedAt = at;
    }
    const issues = new Map<number, IssueBatch>();
    for (const [i, job] of jobs.entries()) {
      const result = written[i];
      if (!result || result.duplicate || !byProject.has(job.projectId)) continue;
      recordEvent.run(result.issueId, job.projectId, job.timestamp, job.environment ?? '', job.userKey);
      let batch = issues.get(result.issueId);
      if (!batch) {
        batch = {
          issueId: result.issueId,
          projectId: job.projectId,
          events: [],
          newIssue: false,
          regression: false,
        };
        issues.set(result.issueId, batch);
      }
      batch.events.push(job);
      batch.newIssue ||= result.isNewIssue;
      batch.regression ||= result.isRegression;
    }
    const count = counter(at);
    let fired = 0;
    for (const batch of issues.values())
      fired += judgeIssue(byProject.get(batch.projectId)!, batch, count, at);
    firedSinceTaken += fired;
    return fired;
  }

  const savepoint = sqlite.prepare('savepoint alert_rules');
  const release = sqlite.prepare('release alert_rules');
  const rollbackTo = sqlite.prepare('rollback to alert_rules');

  return {
    /**
     * `evaluate` behind a savepoint: a failing rule evaluation is reported and undone, and the
     * batch's events still commit (an alerting bug must never refuse ingest).
     */
    evaluateSafely(
      jobs: readonly EventToWrite[],
      written: readonly WrittenEvent[],
      onError: (e: unknown) => void,
    ) {
      savepoint.run();
      try {
        evaluate(jobs, written);
        release.run();
      } catch (error) {
        rollbackTo.run();
        release.run();
        forgetHints();
        onError(error);
      }
    },
    /** Firings recorded since the last call (the caller knows whether their batch committed). */
    takeFired(): number {
      const n = firedSinceTaken;
      firedSinceTaken = 0;
      return n;
    },
    /** A batch rolled back: forget the hints of fires that are not on disk. */
    rolledBack(): void {
      forgetHints();
      firedSinceTaken = 0;
    },
  };
}

export type AlertEvaluator = ReturnType<typeof createAlertEvaluator>;

const WINDOW_WORDS: Record<string, string> = {
  '1m': '1 minute',
  '5m': '5 minutes',
  '15m': '15 minutes',
  '1h': '1 hour',
  '1d': '1 day',
  '1w': '1 week',
  '30d': '30 days',
};

function summarize(held: FireReason['triggers'], environment: string | null): string {
  const where = environment ? ` in ${environment}` : '';
  return held
    .map((t) => {
      if (t.type === 'new_issue') return 'a new issue';
      if (t.type === 'regression') return 'the issue regressed';
      const what = t.type === 'frequency' ? 'events' : 'users';
      return `more than ${t.value} ${what} in ${WINDOW_WORDS[t.window ?? ''] ?? t.window}${where}`;
    })
    .join(' and ');
}
