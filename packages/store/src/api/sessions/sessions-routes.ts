/**
 * `GET /api/0/organizations/{org}/sessions/` (spec: "Query Sessions") over the store's release
 * health. The subset the built-in store answers: fields `sum(session)`, `count_unique(user)`,
 * `crash_free_rate(session|user)` and `crash_rate(session|user)` (0–1 ratios, as Sentry answers
 * them); `groupBy` `release`, `environment`, `session.status`; `interval` in whole hours up to a
 * day; `statsPeriod` or `start`/`end`. Users are distinct per release and environment only, so a
 * user field needs both in `groupBy`; anything else outside the subset is a 400, never a guess.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../api-error';
import { type ApiContext, authenticate, findOrganization } from '../http/api-context';
import { idListParam, listParam, type RawQuery, singleParam } from '../http/query-params';
import { HOUR_MS, type ReleaseHealthGroup, releaseHealth, type SessionCounts } from './release-health';

const FIELDS = [
  'sum(session)',
  'count_unique(user)',
  'crash_free_rate(session)',
  'crash_free_rate(user)',
  'crash_rate(session)',
  'crash_rate(user)',
] as const;
type Field = (typeof FIELDS)[number];
const GROUP_BYS = ['release', 'environment', 'session.status'] as const;
type GroupBy = (typeof GROUP_BYS)[number];
const STATUSES = ['healthy', 'errored', 'crashed', 'abnormal'] as const;
const DAY_MS = 24 * HOUR_MS;
const MAX_POINTS = 10_000;
const UNIT_MS: Record<string, number> = { m: 60_000, h: HOUR_MS, d: DAY_MS, w: 7 * DAY_MS };

type SessionsRoute = { Params: { org: string }; Querystring: RawQuery };

export async function sessionsRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<SessionsRoute>('/api/0/organizations/:org/sessions/', async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const q = parseSessionsQuery(request.query, ctx.now());
    const environments = listParam(request.query, 'environment');
    const health = await releaseHealth(ctx.db, {
      org: org.slug,
      projectIds: idListParam(request.query, 'project').filter((id) => id > 0),
      ...(environments.length === 1 ? { environment: environments[0] } : {}),
      since: q.start,
      until: q.end,
      interval: q.interval,
    });
    const groups = health.groups.filter(
      (g) => environments.length < 2 || environments.includes(g.environment),
    );
    return {
      start: new Date(health.start).toISOString(),
      end: new Date(health.end).toISOString(),
      intervals: health.intervals.map((t) => new Date(t).toISOString()),
      groups: shapeGroups(groups, q.fields, q.groupBy, health.intervals.length),
      query: singleParam(request.query, 'query') ?? '',
    };
  });
}

export function parseSessionsQuery(query: RawQuery, now: number) {
  const fields = listParam(query, 'field');
  if (fields.length === 0) throw new ApiError(400, 'Request is missing a "field"');
  for (const field of fields) {
    if (!(FIELDS as readonly string[]).includes(field))
      throw new ApiError(400, `Invalid field: "${field.slice(0, 50)}"`);
  }
  const groupBy = listParam(query, 'groupBy');
  for (const by of groupBy) {
    if (!(GROUP_BYS as readonly string[]).includes(by))
      throw new ApiError(400, `Invalid groupBy: "${by.slice(0, 50)}"`);
  }
  const userField = fields.some((f) => f.endsWith('(user)'));
  if (userField && !(groupBy.includes('release') && groupBy.includes('environment'))) {
    throw new ApiError(400, 'User fields need groupBy=release and groupBy=environment in the built-in store');
  }
  if (userField && groupBy.includes('session.status')) {
    throw new ApiError(400, 'User fields cannot be grouped by session.status in the built-in store');
  }
  const interval = durationOf(singleParam(query, 'interval') ?? '1h', 'interval');
  if (interval % HOUR_MS !== 0 || interval > DAY_MS || DAY_MS % interval !== 0) {
    throw new ApiError(400, 'The interval has to be whole hours and divide a day');
  }
  const startText = singleParam(query, 'start');
  const endText = singleParam(query, 'end');
  let start: number;
  let end: number;
  if (startText !== undefined || endText !== undefined) {
    start = Date.parse(startText ?? '');
    end = Date.parse(endText ?? '');
    if (!Number.isFinite(start) || !Number.isFinite(end) || start >= end) {
      throw new ApiError(400, 'start and end must both be dates, start before end');
    }
  } else {
    end = now;
    start = now - durationOf(singleParam(query, 'statsPeriod') ?? '24h', 'statsPeriod');
  }
  if ((end - start) / interval > MAX_POINTS)
    throw new ApiError(400, 'Your interval and date range would create too many results');
  return { fields: fields as Field[], groupBy: groupBy as GroupBy[], interval, start, end };
}

function durationOf(text: string, name: string): number {
  const match = /^(\d{1,6})([mhdw])$/.exec(text);
  if (!match) throw new ApiError(400, `Invalid ${name}: "${text.slice(0, 50)}"`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

type Status = (typeof STATUSES)[number];

/** Counts of one session.status, as Sentry's groups split them: errored excludes crashed and abnormal. */
function byStatus(c: SessionCounts, status: Status | null): number {
  if (status === null) return c.sessions;
  if (status === 'healthy') return c.sessions - c.errored;
  if (status === 'errored') return c.errored - c.crashed - c.abnormal;
  return c[status];
}

function shapeGroups(groups: ReleaseHealthGroup[], fields: Field[], groupBy: GroupBy[], slots: number) {
  const statuses: Array<Status | null> = groupBy.includes('session.status') ? [...STATUSES] : [null];
  const merged = new Map<
    string,
    { by: Record<string, string>; members: ReleaseHealthGroup[]; status: Status | null }
  >();
  for (const group of groups) {
    for (const status of statuses) {
      const by: Record<string, string> = {};
      if (groupBy.includes('release')) by.release = group.release;
      if (groupBy.includes('environment')) by.environment = group.environment;
      if (status !== null) by['session.status'] = status;
      const key = JSON.stringify(by);
      const entry = merged.get(key) ?? { by, members: [], status };
      entry.members.push(group);
      merged.set(key, entry);
    }
  }
  return [...merged.values()].map(({ by, members, status }) => {
    const totals: Record<string, number | null> = {};
    const series: Record<string, Array<number | null>> = {};
    const sum = (pick: (g: ReleaseHealthGroup) => number) => members.reduce((n, g) => n + pick(g), 0);
    const sumAt = (i: number, pick: (c: SessionCounts) => number) =>
      members.reduce((n, g) => n + pick(g.series[i]!), 0);
    for (const field of fields) {
      // A user field implies one member (groupBy has release and environment).
      const users = sum((g) => g.users);
      const crashedUsers = sum((g) => g.crashedUsers);
      const sessions = sum((g) => byStatus(g, status));
      const crashed = sum((g) => g.crashed);
      const total = sum((g) => g.sessions);
      totals[field] = {
        'sum(session)': sessions,
        'count_unique(user)': users,
        'crash_free_rate(session)': total > 0 ? 1 - crashed / total : null,
        'crash_free_rate(user)': users > 0 ? 1 - crashedUsers / users : null,
        'crash_rate(session)': total > 0 ? crashed / total : null,
        'crash_rate(user)': users > 0 ? crashedUsers / users : null,
      }[field];
      series[field] = Array.from({ length: slots }, (_, i) => {
        const all = sumAt(i, (c) => c.sessions);
        const crashedAt = sumAt(i, (c) => c.crashed);
        if (field === 'sum(session)') return sumAt(i, (c) => byStatus(c, status));
        if (field === 'crash_free_rate(session)') return all > 0 ? 1 - crashedAt / all : null;
        if (field === 'crash_rate(session)') return all > 0 ? crashedAt / all : null;
        // Users are kept per release and environment over the window, not per interval.
        return null;
      });
    }
    return { by, totals, series };
  });
}
