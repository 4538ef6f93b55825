/**
 * Events per country for one issue or for an issue search, through the upstream pipeline, the
 * same code for the built-in store and sentry.io. The source is Sentry's `geo.country_code` tag
 * (`/issues/{id}/tags/geo.country_code/values/`), which both fill from `user.geo`.
 *
 * Why tag values and not Discover: the store has no Discover `events` query yet (issue 16), and
 * the tag values are one cached call per issue in both modes. Their limits, which the answer
 * states (`@dexter/contracts` geo.ts): counts are per issue lifetime, not per time range; no
 * distinct users per country (`users: null`); a search sums its `DEFAULT_ISSUES` most frequent
 * issues, not every event.
 */
import type { GeoCountry, GeoImpact } from '@dexter/contracts';
import {
  type CallOptions,
  type IssueTagValue,
  type SentryClient,
  type Issue as SentryIssue,
  SentryNotFoundError,
} from '@dexter/sentry-client';
import { z } from 'zod';
import { DexterError } from '../../errors/error-codes';
import type { IssueSearchParams, SearchPage } from '../../issue-search/issue-search-service';

export const GEO_TAG = 'geo.country_code';
/** Issues a search sums by default, most frequent first: one tag-values call each. */
export const DEFAULT_ISSUES = 25;
/** 250 countries at most, 100 values a page. */
const MAX_VALUE_PAGES = 3;

/** What the map needs of a tag value; anything else from the upstream is a bad answer. */
const CountryValueSchema = z.object({
  value: z.string().regex(/^[A-Za-z]{2}$/, 'is not an ISO 3166-1 alpha-2 code'),
  count: z.number().int().nonnegative(),
});

export interface GeoServiceDeps {
  sentry: Pick<SentryClient, 'issues'>;
  search: { page(org: string, params: IssueSearchParams, page: { limit: number }): Promise<SearchPage> };
}

export interface GeoSearch {
  query?: string;
  projects: readonly string[];
  environments: readonly string[];
  statsPeriod?: string;
  limit?: number;
}

type CountryCounts = Map<string, number>;

export function createGeoService({ sentry, search }: GeoServiceDeps) {
  /** One issue's events per country; an issue without the tag has none. */
  async function countriesOf(
    org: string,
    issueId: string,
    options: CallOptions = {},
  ): Promise<CountryCounts> {
    const counts: CountryCounts = new Map();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_VALUE_PAGES; page++) {
      let values: IssueTagValue[];
      let next: string | null;
      try {
        const result = await sentry.issues.tagValues(
          org,
          issueId,
          GEO_TAG,
          { perPage: 100, sort: '-count', cursor },
          options,
        );
        values = result.data;
        next = result.page.next;
      } catch (error) {
        // Sentry answers 404 "Tag key not found" for an issue none of whose events had a country.
        if (error instanceof SentryNotFoundError) return counts;
        throw error;
      }
      for (const raw of values) {
        const parsed = CountryValueSchema.safeParse(raw);
        if (!parsed.success) {
          const problem = parsed.error.issues[0];
          throw new DexterError(
            'DEXTER_ERR_UPSTREAM_BAD_RESPONSE',
            `the upstream's ${GEO_TAG} values of issue ${issueId} are malformed: ${problem?.path.join('.') || 'value'} ${problem?.message ?? ''}`.trim(),
          );
        }
        const code = parsed.data.value.toUpperCase();
        counts.set(code, (counts.get(code) ?? 0) + parsed.data.count);
      }
      if (!next || values.length === 0) break;
      cursor = next;
    }
    return counts;
  }

  return {
    async forIssue(org: string, issueId: string): Promise<GeoImpact> {
      const [issue, counts] = await Promise.all([
        sentry.issues.get(org, issueId).catch((error: unknown) => {
          if (error instanceof SentryNotFoundError)
            throw new DexterError('DEXTER_ERR_NOT_FOUND', `issue ${issueId} not found`);
          throw error;
        }),
        countriesOf(org, issueId),
      ]);
      return summarize([{ issue, counts }], false);
    },

    async forSearch(org: string, params: GeoSearch): Promise<GeoImpact> {
      const limit = params.limit ?? DEFAULT_ISSUES;
      const page = await search.page(
        org,
        {
          query: params.query ?? 'is:unresolved',
          sort: 'freq',
          projects: params.projects,
          environments: params.environments,
          statsPeriod: params.statsPeriod,
          groupStatsPeriod: '',
        },
        { limit },
      );
      const perIssue = await Promise.all(
        page.issues.map(async (issue) => ({ issue, counts: await countriesOf(org, issue.id) })),
      );
      const truncated = page.nextCursor !== null || (page.hits !== null && page.hits > page.issues.length);
      return summarize(perIssue, truncated);
    },
  };
}

function summarize(
  perIssue: Array<{ issue: SentryIssue; counts: CountryCounts }>,
  truncated: boolean,
): GeoImpact {
  const countries = new Map<string, GeoCountry>();
  let locatedEvents = 0;
  let totalEvents = 0;
  for (const { issue, counts } of perIssue) {
    totalEvents += Number(issue.count ?? 0) || 0;
    for (const [code, events] of counts) {
      const country = countries.get(code) ?? { code, events: 0, users: null, issues: 0 };
      country.events += events;
      country.issues += 1;
      countries.set(code, country);
      locatedEvents += events;
    }
  }
  return {
    countries: [...countries.values()].sort((a, b) => b.events - a.events || a.code.localeCompare(b.code)),
    locatedEvents,
    // An upstream whose issue count lags its tag counts must not report fewer events than located.
    totalEvents: Math.max(totalEvents, locatedEvents),
    issuesConsidered: perIssue.length,
    truncated,
  };
}

export type GeoService = ReturnType<typeof createGeoService>;
