/**
 * Events and users per country for one issue or for an issue search, through the upstream
 * pipeline, the same code for the built-in store and sentry.io, both of which fill `user.geo`.
 *
 * - First choice, Discover (`/organizations/{org}/events/?field=geo.country_code&field=count()
 *   &field=count_unique(user)&query=issue.id:[…]`): one call, distinct users per country, and only
 *   the events of the period. A search is first resolved to its most frequent issues by Dexter's
 *   issue search (so the stream's syntax works), then Discover counts their events.
 * - Fallback when the upstream refuses Discover (403: a Sentry plan or role without it): each
 *   issue's `geo.country_code` tag values, which count events over the issue's lifetime and give
 *   no users (`users: null`); `source: 'tags'` says so.
 * Upstream answers are checked with zod; a malformed one is a 502 naming the field.
 */
import type { GeoCountry, GeoImpact } from '@dexter/contracts';
import {
  type IssueTagValue,
  type SentryClient,
  SentryNotFoundError,
  SentryPermissionError,
} from '@dexter/sentry-client';
import { z } from 'zod';
import { DexterError } from '../../errors/error-codes';
import type { IssueSearchParams, SearchPage } from '../../issue-search/issue-search-service';

export const GEO_TAG = 'geo.country_code';
/** Issues a search sums by default, most frequent first. */
export const DEFAULT_ISSUES = 25;
/** Sentry keeps 90 days of events: the issue panel looks that far back. */
export const ISSUE_PERIOD = '90d';
/** 250 countries at most, 100 values a page. */
const MAX_VALUE_PAGES = 3;
const ALPHA_2 = /^[A-Za-z]{2}$/;

const DiscoverRowSchema = z.object({
  [GEO_TAG]: z.string().nullable(),
  'count()': z.number().int().nonnegative(),
  'count_unique(user)': z.number().int().nonnegative(),
});

const TagValueSchema = z.object({
  value: z.string().nullable(),
  count: z.number().int().nonnegative(),
});

export interface GeoServiceDeps {
  sentry: Pick<SentryClient, 'issues' | 'discover'>;
  search: { page(org: string, params: IssueSearchParams, page: { limit: number }): Promise<SearchPage> };
}

export interface GeoSearch {
  query?: string;
  projects: readonly string[];
  environments: readonly string[];
  statsPeriod?: string;
  limit?: number;
}

interface Tally {
  countries: Map<string, GeoCountry>;
  located: number;
  total: number;
}

const newTally = (): Tally => ({ countries: new Map(), located: 0, total: 0 });

/** Adds located events (and users or issues, when counted) to a country; other codes are not located. */
function add(tally: Tally, code: string | null, events: number, users: number | null, issues: number | null) {
  if (code === null || !ALPHA_2.test(code)) return;
  const key = code.toUpperCase();
  const country = tally.countries.get(key);
  if (country === undefined) {
    tally.countries.set(key, { code: key, events, users, issues });
  } else {
    country.events += events;
    country.users = users === null || country.users === null ? null : country.users + users;
    country.issues = issues === null || country.issues === null ? null : country.issues + issues;
  }
  tally.located += events;
}

function malformed(what: string, error: z.ZodError): DexterError {
  const problem = error.issues[0];
  const field = problem?.path.join('.') || 'value';
  return new DexterError(
    'DEXTER_ERR_UPSTREAM_BAD_RESPONSE',
    `the upstream's ${what} is malformed: ${field} ${problem?.message ?? ''}`.trim(),
  );
}

export function createGeoService({ sentry, search }: GeoServiceDeps) {
  /** Events and users per country of these issues in the period, or null when Discover is refused. */
  async function fromDiscover(
    org: string,
    issueIds: readonly string[],
    scope: { statsPeriod: string; projects: readonly string[]; environments: readonly string[] },
  ): Promise<Tally | null> {
    let table: Awaited<ReturnType<SentryClient['discover']['table']>>;
    try {
      table = await sentry.discover.table(org, {
        field: [GEO_TAG, 'count()', 'count_unique(user)'],
        query: `issue.id:[${issueIds.join(',')}]`,
        statsPeriod: scope.statsPeriod,
        project: scope.projects.length > 0 ? scope.projects : undefined,
        environment: scope.environments.length > 0 ? scope.environments : undefined,
        sort: '-count()',
        perPage: 100,
      });
    } catch (error) {
      if (error instanceof SentryPermissionError) return null;
      throw error;
    }
    const tally = newTally();
    for (const raw of table.data) {
      const row = DiscoverRowSchema.safeParse(raw);
      if (!row.success) throw malformed('Discover row', row.error);
      // Discover counts distinct users per country; issues per country it does not group here.
      tally.total += row.data['count()'];
      add(tally, row.data[GEO_TAG], row.data['count()'], row.data['count_unique(user)'], null);
    }
    return tally;
  }

  /** One issue's events per country over its lifetime, from the tag values; none when it has no tag. */
  async function addTagValues(tally: Tally, org: string, issueId: string): Promise<void> {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_VALUE_PAGES; page++) {
      let values: IssueTagValue[];
      let next: string | null;
      try {
        const result = await sentry.issues.tagValues(org, issueId, GEO_TAG, {
          perPage: 100,
          sort: '-count',
          cursor,
        });
        values = result.data;
        next = result.page.next;
      } catch (error) {
        // Sentry answers 404 "Tag key not found" for an issue none of whose events had a country.
        if (error instanceof SentryNotFoundError) return;
        throw error;
      }
      for (const raw of values) {
        const value = TagValueSchema.safeParse(raw);
        if (!value.success) throw malformed(`${GEO_TAG} values of issue ${issueId}`, value.error);
        add(tally, value.data.value, value.data.count, null, 1);
      }
      if (!next || values.length === 0) return;
      cursor = next;
    }
  }

  /** Tag values hold only located events: the issues' own counts are the total. */
  async function fromTags(org: string, issues: Array<{ id: string; count?: string | null }>): Promise<Tally> {
    const tally = newTally();
    for (const issue of issues) tally.total += Number(issue.count ?? 0) || 0;
    await Promise.all(issues.map((issue) => addTagValues(tally, org, issue.id)));
    return tally;
  }

  const answer = (
    tally: Tally,
    source: GeoImpact['source'],
    issuesConsidered: number,
    truncated: boolean,
  ) => ({
    countries: [...tally.countries.values()].sort(
      (a, b) => b.events - a.events || a.code.localeCompare(b.code),
    ),
    locatedEvents: tally.located,
    // An upstream whose issue count lags its tag counts must not report fewer events than located.
    totalEvents: Math.max(tally.total, tally.located),
    issuesConsidered,
    truncated,
    source,
  });

  return {
    async forIssue(org: string, issueId: string): Promise<GeoImpact> {
      const scope = { statsPeriod: ISSUE_PERIOD, projects: [], environments: [] };
      const [issue, discover] = await Promise.all([
        sentry.issues.get(org, issueId).catch((error: unknown) => {
          if (error instanceof SentryNotFoundError)
            throw new DexterError('DEXTER_ERR_NOT_FOUND', `issue ${issueId} not found`);
          throw error;
        }),
        fromDiscover(org, [issueId], scope),
      ]);
      if (discover) return answer(discover, 'discover', 1, false);
      return answer(await fromTags(org, [issue]), 'tags', 1, false);
    },

    async forSearch(org: string, params: GeoSearch): Promise<GeoImpact> {
      const statsPeriod = params.statsPeriod ?? '14d';
      const page = await search.page(
        org,
        {
          query: params.query ?? 'is:unresolved',
          sort: 'freq',
          projects: params.projects,
          environments: params.environments,
          statsPeriod,
          groupStatsPeriod: '',
        },
        { limit: params.limit ?? DEFAULT_ISSUES },
      );
      const truncated = page.nextCursor !== null || (page.hits !== null && page.hits > page.issues.length);
      if (page.issues.length === 0) return answer(newTally(), 'discover', 0, truncated);
      const ids = page.issues.map((issue) => issue.id);
      const discover = await fromDiscover(org, ids, { ...params, statsPeriod });
      if (discover) return answer(discover, 'discover', ids.length, truncated);
      return answer(await fromTags(org, page.issues), 'tags', ids.length, truncated);
    },
  };
}

export type GeoService = ReturnType<typeof createGeoService>;
