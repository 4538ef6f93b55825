/**
 * The rollup engine: answers `count()`, `count_unique(user)` and `last_seen()`, ungrouped or grouped
 * by one tag (or by project), filtered by project and environment, from Discover's rollup tables
 * instead of the events. A window is read as whole days from the day tier, the hours around them
 * from the hour tier, and the partial hours at its two ends from the events themselves, so the
 * answer covers exactly [start, end) like the scan engine's. Settled buckets are read packed (one
 * row per key, bucket, project and environment: `rollup-packing.ts`), the others row by row; hours
 * the background backfill has not reached yet (`rollup-backfill.ts`) are read from the events.
 *
 * `planRollup` says whether a query has that shape; anything else goes to the scan engine.
 */
import { lookupKey, type SearchNode } from '@dexter/search-syntax';
import { sql } from 'kysely';
import type { ColumnRef, FunctionRef } from './discover-fields';
import type { Scope, StatsQuery, TableQuery } from './discover-query';
import { type Row, sortRows } from './discover-results';
import { rollupCaughtUp } from './discover-rollup-writer';
import { entryOf } from './map-entry';
import { ALL_EVENTS, DAY_MS, HOUR_MS, MAX_KEYS_PER_PROJECT } from './rollup-aggregator';
import { rolledUpFrom } from './rollup-backfill';
import { edgeEvents } from './rollup-edges';
import { BLOCKS, type BlockTier, blocksOf, forEachPacked, type Tier } from './rollup-packing';
import type { ScanTarget } from './scan-engine';
import { hashUser, UserSketch } from './user-sketch';

/** Built-in columns that ingest also writes as tags of the same value (`event-tags.ts`). */
const TAG_OF_COLUMN: Record<string, string> = {
  level: 'level',
  environment: 'environment',
  release: 'release',
  transaction: 'transaction',
  user: 'user',
  'geo.country_code': 'geo.country_code',
};

export interface RollupPlan {
  /** The rollup key read (ALL_EVENTS when grouping by nothing or by project). */
  key: string;
  /** The group column, if any. */
  column: ColumnRef | null;
  byProject: boolean;
  environments: string[];
  needsUsers: boolean;
}

const ANSWERED: Record<string, (fn: FunctionRef) => boolean> = {
  count: () => true,
  last_seen: () => true,
  count_unique: (fn) =>
    fn.column !== null && 'builtIn' in fn.column.source && fn.column.source.builtIn === 'user',
};

/** `environment:x` terms (and lists) joined by AND are a filter the rollup rows carry. */
function environmentsOf(node: SearchNode | null, into: string[][]): boolean {
  if (node === null) return true;
  if (node.type === 'and') return node.children.every((child) => environmentsOf(child, into));
  if (node.type !== 'term' || node.negated || node.op !== '=' || node.explicitTag) return false;
  if (lookupKey(node.key, false)?.name !== 'environment') return false;
  const values = Array.isArray(node.value) ? node.value : [node.value];
  if (values.some((value) => value.includes('*'))) return false;
  into.push(values);
  return true;
}

function narrow(environments: string[], terms: string[][]): string[] | null {
  let allowed: string[] | null = environments.length > 0 ? environments : null;
  for (const values of terms) allowed = allowed === null ? values : allowed.filter((e) => values.includes(e));
  return allowed;
}

function planOf(scope: Scope, columns: ColumnRef[], aggregates: FunctionRef[]): RollupPlan | null {
  if (scope.dataset !== 'errors' || columns.length > 1) return null;
  if (!aggregates.every((fn) => ANSWERED[fn.fn]?.(fn) ?? false)) return null;
  const terms: string[][] = [];
  if (!environmentsOf(scope.condition, terms)) return null;
  const environments = narrow(scope.environments, terms) ?? [];
  if (terms.length > 0 && environments.length === 0) return null;
  const needsUsers = aggregates.some((fn) => fn.fn === 'count_unique');
  const column = columns[0] ?? null;
  if (column === null) return { key: ALL_EVENTS, column, byProject: false, environments, needsUsers };
  if ('tag' in column.source) {
    if (column.source.numeric) return null;
    return { key: column.source.tag, column, byProject: false, environments, needsUsers };
  }
  const builtIn = column.source.builtIn;
  if (builtIn === 'project' || builtIn === 'project.id') {
    return { key: ALL_EVENTS, column, byProject: true, environments, needsUsers };
  }
  const tag = TAG_OF_COLUMN[builtIn];
  return tag ? { key: tag, column, byProject: false, environments, needsUsers } : null;
}

export const planRollupTable = (query: TableQuery) =>
  query.aggregated ? planOf(query, query.groupBy, query.aggregates) : null;

export function planRollupStats(query: StatsQuery): RollupPlan | null {
  if (query.interval % HOUR_MS !== 0) return null;
  return planOf(query, query.groupBy, query.yAxis);
}

interface Totals {
  events: number;
  lastSeen: number;
  users: UserSketch | null;
}

/** Which projects track the plan's key: the others count all their events under ''. */
async function keyCoverage(
  target: ScanTarget,
  key: string,
): Promise<{ tracked: number[]; absent: number[] } | null> {
  if (key === ALL_EVENTS) return { tracked: target.projectIds, absent: [] };
  const { rows } = await sql<{ project_id: number; keys: number; has: number }>`
    select project_id, count(*) as keys, max(key = ${key}) as has from discover_rollup_keys
    where project_id in (${sql.join(target.projectIds)}) group by project_id`.execute(target.db);
  const tracked: number[] = [];
  const absent: number[] = [];
  for (const projectId of target.projectIds) {
    const row = rows.find((r) => r.project_id === projectId);
    if (row?.has) tracked.push(projectId);
    // A project at its key limit may have events with the key that were never rolled up.
    else if ((row?.keys ?? 0) >= MAX_KEYS_PER_PROJECT) return null;
    else absent.push(projectId);
  }
  return { tracked, absent };
}

interface Slice {
  tier: 'hour' | 'day';
  start: number;
  end: number;
}

/** Whole days, the whole hours around them, and what is left at the ends for the events. */
export function slicesOf(start: number, end: number): { slices: Slice[]; edges: Array<[number, number]> } {
  const hourStart = Math.ceil(start / HOUR_MS) * HOUR_MS;
  const hourEnd = Math.floor(end / HOUR_MS) * HOUR_MS;
  if (hourStart >= hourEnd) return { slices: [], edges: [[start, end]] };
  const edges: Array<[number, number]> = [];
  if (start < hourStart) edges.push([start, hourStart]);
  if (hourEnd < end) edges.push([hourEnd, end]);
  const dayStart = Math.ceil(hourStart / DAY_MS) * DAY_MS;
  const dayEnd = Math.floor(hourEnd / DAY_MS) * DAY_MS;
  if (dayStart >= dayEnd) return { slices: [{ tier: 'hour', start: hourStart, end: hourEnd }], edges };
  const slices: Slice[] = [{ tier: 'day', start: dayStart, end: dayEnd }];
  if (hourStart < dayStart) slices.push({ tier: 'hour', start: hourStart, end: dayStart });
  if (dayEnd < hourEnd) slices.push({ tier: 'hour', start: dayEnd, end: hourEnd });
  return { slices, edges };
}

type GroupId = string;

interface RollupRow {
  project_id: number;
  bucket: number;
  value: string;
  events: number;
  last_seen: number;
  users: Uint8Array | null;
}

interface PackedRow {
  project_id: number;
  bucket: number;
  counts: Uint8Array;
  users: Uint8Array | null;
}

/** The multi-day blocks (`tier:bucket`) packed for `key` within the slice's days. */
async function packedBlocks(target: ScanTarget, key: string, slice: Slice): Promise<Set<string>> {
  const { rows } = await sql<{ tier: string; bucket: number }>`
    select tier, bucket from discover_rollup_packed_buckets
    where key = ${key} and tier in (${sql.join(BLOCKS.map((block) => block.tier))})
      and bucket >= ${slice.start} and bucket < ${slice.end}`.execute(target.db);
  return new Set(rows.map((row) => `${row.tier}:${row.bucket}`));
}

/** The buckets of the slice that `rollup-packing.ts` has packed for `key`. */
async function packedBuckets(target: ScanTarget, key: string, slice: Slice): Promise<Set<number>> {
  const { rows } = await sql<{ bucket: number }>`
    select bucket from discover_rollup_packed_buckets
    where key = ${key} and tier = ${slice.tier} and bucket >= ${slice.start} and bucket < ${slice.end}`.execute(
    target.db,
  );
  return new Set(rows.map((row) => row.bucket));
}

function environmentFilter(plan: RollupPlan) {
  return plan.environments.length > 0 ? sql`and environment in (${sql.join(plan.environments)})` : sql``;
}

interface PackedSlice {
  tier: Tier | BlockTier;
  start: number;
  end: number;
}

/** The slice's packed rows (one per bucket, project and environment). */
async function readPacked(
  target: ScanTarget,
  plan: RollupPlan,
  slice: PackedSlice,
  key: string,
  projectIds: number[],
): Promise<PackedRow[]> {
  const users = plan.needsUsers ? sql`users` : sql`null`;
  const { rows } = await sql<PackedRow>`
    select project_id, bucket, counts, ${users} as users from discover_rollup_packed
    where key = ${key} and tier = ${slice.tier} and bucket >= ${slice.start} and bucket < ${slice.end}
      and project_id in (${sql.join(projectIds)}) ${environmentFilter(plan)}`.execute(target.db);
  return rows;
}

/** The slice's rollup rows of the buckets not packed, summed per group (and bucket for series). */
async function readUnpacked(
  target: ScanTarget,
  plan: RollupPlan,
  slice: Slice,
  key: string,
  projectIds: number[],
  packed: Set<number>,
  grouped: boolean,
): Promise<RollupRow[]> {
  let buckets = sql`bucket >= ${slice.start} and bucket < ${slice.end}`;
  if (packed.size > 0) {
    const open: number[] = [];
    const step = slice.tier === 'hour' ? HOUR_MS : DAY_MS;
    for (let bucket = slice.start; bucket < slice.end; bucket += step)
      if (!packed.has(bucket)) open.push(bucket);
    if (open.length === 0) return [];
    buckets = sql`bucket in (${sql.join(open)})`;
  }
  const table = sql.table(`discover_rollup_${slice.tier}`);
  // SQLite sums each group's rows and merges their user sketches (`registerSketchFunctions`).
  const users = plan.needsUsers ? sql`discover_union_users(users)` : sql`null`;
  const bucket = grouped ? sql`0` : sql`bucket`;
  const groupBy = grouped ? sql`project_id, value` : sql`project_id, bucket, value`;
  const { rows } = await sql<RollupRow>`
    select project_id, ${bucket} as bucket, value, sum(events) as events, max(last_seen) as last_seen, ${users} as users
    from ${table}
    where key = ${key} and ${buckets} and project_id in (${sql.join(projectIds)}) ${environmentFilter(plan)}
    group by ${groupBy}`.execute(target.db);
  return rows;
}

/** Tag values by the ids packed rows use. */
async function valuesOf(target: ScanTarget, key: string, projectIds: number[]): Promise<Map<number, string>> {
  const { rows } = await sql<{ id: number; value: string }>`
    select id, value from discover_rollup_values
    where project_id in (${sql.join(projectIds)}) and key = ${key}`.execute(target.db);
  return new Map(rows.map((row) => [row.id, row.value]));
}

/**
 * Totals per group (and per time bucket when `bucketOf` is given) over [start, end).
 * `bucketOf` maps a row's or event's time to its series bucket. Null when the rollup cannot
 * answer (a key past the project's limit, or a window the backfill has not reached at all).
 */
async function collect(
  target: ScanTarget,
  plan: RollupPlan,
  start: number,
  end: number,
  bucketOf: ((at: number) => number) | null,
): Promise<Map<GroupId, Map<number, Totals>> | null> {
  await rollupCaughtUp(target.db);
  const coverage = await keyCoverage(target, plan.key);
  if (coverage === null) return null;
  // Before `from` the backfill has not counted every event in yet: those hours come from events.
  const from = Math.max(start, await rolledUpFrom(target.db, target.projectIds));
  if (from >= end) return null;
  const out = new Map<GroupId, Map<number, Totals>>();
  const totalsOf = (group: GroupId, bucket: number): Totals => {
    const byBucket = entryOf(out, group, () => new Map<number, Totals>());
    return entryOf(byBucket, bucket, () => ({
      events: 0,
      lastSeen: 0,
      users: plan.needsUsers ? new UserSketch() : null,
    }));
  };
  const count = (totals: Totals, events: number, lastSeen: number) => {
    totals.events += events;
    if (lastSeen > totals.lastSeen) totals.lastSeen = lastSeen;
  };
  const groupOf = (projectId: number, value: string): GroupId =>
    plan.byProject ? String(projectId) : plan.column === null ? '' : value;

  const whole = bucketOf
    ? { slices: [{ tier: 'hour' as const, start: from, end }], edges: [] }
    : slicesOf(from, end);
  const edges = from > start ? [[start, from] as [number, number], ...whole.edges] : whole.edges;
  const reads = [
    { key: plan.key, projects: coverage.tracked, absent: false },
    { key: ALL_EVENTS, projects: coverage.absent, absent: true },
  ].filter((read) => read.projects.length > 0);
  for (const read of reads) {
    let values: Map<number, string> | null = null;
    // A table's groups by value id, so the walk over packed records skips the group lookup.
    const byId = new Map<number, Totals>();
    const addPacked = async (slice: PackedSlice) => {
      values ??= await valuesOf(target, read.key, read.projects);
      const names = values;
      for (const row of await readPacked(target, plan, slice, read.key, read.projects)) {
        const bucket = bucketOf ? bucketOf(row.bucket) : 0;
        forEachPacked(row.counts, row.users, (valueId, events, lastSeen, offset, length) => {
          let totals = bucketOf ? undefined : byId.get(valueId);
          if (!totals) {
            const value = read.absent ? '' : (names.get(valueId) ?? '');
            totals = totalsOf(groupOf(row.project_id, value), bucket);
            if (!bucketOf) byId.set(valueId, totals);
          }
          count(totals, events, lastSeen);
          if (totals.users && length > 0) totals.users.mergeBytes(row.users!, offset, length);
        });
      }
    };
    const slices: Slice[] = [];
    for (const slice of whole.slices) {
      if (slice.tier !== 'day') {
        slices.push(slice);
        continue;
      }
      // Whole days: the multi-day packs first, the days they leave one by one.
      const { blocks, days } = blocksOf(slice.start, slice.end, await packedBlocks(target, read.key, slice));
      for (const block of blocks)
        await addPacked({ tier: block.tier, start: block.bucket, end: block.bucket + 1 });
      for (const [dayStart, dayEnd] of days) slices.push({ tier: 'day', start: dayStart, end: dayEnd });
    }
    for (const slice of slices) {
      const packed = await packedBuckets(target, read.key, slice);
      if (packed.size > 0) await addPacked(slice);
      const rows = await readUnpacked(
        target,
        plan,
        slice,
        read.key,
        read.projects,
        packed,
        bucketOf === null,
      );
      for (const row of rows) {
        const totals = totalsOf(
          groupOf(row.project_id, read.absent ? '' : row.value),
          bucketOf ? bucketOf(row.bucket) : 0,
        );
        count(totals, row.events, row.last_seen);
        totals.users?.mergeBlob(row.users);
      }
    }
  }
  for (const [edgeStart, edgeEnd] of edges) {
    for await (const event of edgeEvents(target, {
      start: edgeStart,
      end: edgeEnd,
      environments: plan.environments,
      key: plan.key,
      needsUsers: plan.needsUsers,
    })) {
      const totals = totalsOf(
        groupOf(event.project_id, event.value),
        bucketOf ? bucketOf(event.timestamp) : 0,
      );
      count(totals, 1, event.timestamp);
      if (event.user_key !== null) totals.users?.add(hashUser(event.user_key));
    }
  }
  return out;
}

function resultOf(fn: FunctionRef, totals: Totals | undefined): number | null {
  if (fn.fn === 'count') return totals?.events ?? 0;
  if (fn.fn === 'count_unique') return totals?.users?.estimate() ?? 0;
  return totals && totals.events > 0 ? totals.lastSeen : null;
}

function groupCell(plan: RollupPlan, group: GroupId, target: ScanTarget): string | number {
  if (!plan.byProject) return group;
  const projectId = Number(group);
  return plan.column!.name === 'project.id' ? projectId : (target.slugs.get(projectId) ?? '');
}

/** The query's rows, sorted; null when the rollup cannot answer it after all (key limit). */
export async function rollupTable(
  target: ScanTarget,
  query: TableQuery,
  plan: RollupPlan,
): Promise<Row[] | null> {
  if (target.projectIds.length === 0) return [];
  const groups = await collect(target, plan, query.start, query.end, null);
  if (groups === null) return null;
  const rows: Row[] = [];
  for (const [group, byBucket] of groups) {
    const totals = byBucket.get(0);
    if (!totals || totals.events === 0) continue;
    const row: Row = {};
    if (plan.column) row[plan.column.name] = groupCell(plan, group, target);
    for (const fn of query.aggregates) row[fn.name] = resultOf(fn, totals);
    rows.push(row);
  }
  if (plan.column === null && rows.length === 0) {
    // Sentry answers an ungrouped aggregate over no events with one row of zeros.
    rows.push(Object.fromEntries(query.aggregates.map((fn) => [fn.name, resultOf(fn, undefined)])));
  }
  return sortRows(rows, query.sort, query.fields);
}

/**
 * Series per output label (one value per yAxis per bucket): `labelOf` maps each group's label (as
 * `rollupTable` names it) to the series it counts in, `null` to none; groups that share a label
 * merge (their users too, so "Other" counts distinct users, not a sum).
 */
export async function rollupSeries(
  target: ScanTarget,
  query: StatsQuery,
  plan: RollupPlan,
  buckets: number[],
  labelOf: (group: string) => string | null,
): Promise<Map<string, Array<Array<number | null>>> | null> {
  const first = buckets[0]!;
  const bucketOf = (at: number) => first + Math.floor((at - first) / query.interval) * query.interval;
  const groups = await collect(target, plan, first, query.end, bucketOf);
  if (groups === null) return null;
  const merged = new Map<string, Map<number, Totals>>();
  for (const [group, byBucket] of groups) {
    const label = labelOf(plan.column ? String(groupCell(plan, group, target)) : '');
    if (label === null) continue;
    const into = entryOf(merged, label, () => new Map<number, Totals>());
    for (const [bucket, totals] of byBucket) {
      const existing = into.get(bucket);
      if (!existing) {
        into.set(bucket, { events: totals.events, lastSeen: totals.lastSeen, users: totals.users });
        continue;
      }
      existing.events += totals.events;
      existing.lastSeen = Math.max(existing.lastSeen, totals.lastSeen);
      if (existing.users && totals.users) existing.users.merge(totals.users);
    }
  }
  const out = new Map<string, Array<Array<number | null>>>();
  for (const [label, byBucket] of merged) {
    out.set(
      label,
      buckets.map((bucket) => query.yAxis.map((fn) => resultOf(fn, byBucket.get(bucket)))),
    );
  }
  return out;
}
