/**
 * Autocomplete for the search box: `suggestSearch` (pure) decides what is being typed and which
 * built-in keys or values fit; tag keys and tag values come from the upstream.
 *
 * Where tags come from: the tags endpoint of the issues at the top of the current result (the
 * query without the term being typed, if it parses and runs as one upstream query, else
 * `is:unresolved`; the five most frequent issues), merged. Sentry has an organization-wide tag-keys endpoint, but the built-in
 * store serves per-issue tags only, and the keys of the issues in front of the user are the ones
 * they are likely to filter on. Both calls go through the upstream pipeline, so repeated
 * keystrokes hit its cache (lists for 15 s, tags for 30 s) rather than Sentry.
 */
import type { SearchSuggestions } from '@dexter/contracts';
import { lookupKey, parseSearch } from '@dexter/search-syntax';
import type { IssueTag, SentryClient } from '@dexter/sentry-client';
import { planSearch } from '../../issue-search/search-planner';
import type { UpstreamDialect } from '../../issue-search/search-upstream';
import { applyOperator, applySuggestion, type SuggestionContext, suggestSearch } from './search-suggestions';

const TOP_ISSUES = 5;
const LIMIT = 20;

export interface SuggestionsDeps {
  sentry: Pick<SentryClient, 'issues' | 'projects' | 'organizations'>;
  dialect: UpstreamDialect;
}

export function createSearchSuggestionsService({ sentry, dialect }: SuggestionsDeps) {
  /** The upstream form of the query when it is one upstream query, else the default stream. */
  function upstreamQueryOf(query: string): string {
    const parsed = parseSearch(query);
    if (!parsed.ok) return 'is:unresolved';
    const planned = planSearch(parsed.ast, { upstream: dialect });
    return planned.ok && planned.plan.strategy === 'upstream'
      ? (planned.plan.branches[0]?.upstreamQuery ?? '')
      : 'is:unresolved';
  }

  async function topTags(org: string, query: string, projects: string[]): Promise<IssueTag[]> {
    const top = await sentry.issues.list(org, {
      query: upstreamQueryOf(query),
      sort: 'freq',
      limit: TOP_ISSUES,
      project: projects,
      groupStatsPeriod: '',
    });
    const tags = await Promise.all(top.data.map((issue) => sentry.issues.tags(org, issue.id, { limit: 20 })));
    return tags.flat();
  }

  /**
   * Values the tags cannot give: project slugs for `project:`, member e-mails and `#team` slugs
   * for the assignee keys (Sentry reads both forms). Asked only while such a value is typed.
   */
  async function entityValues(org: string, context: SuggestionContext): Promise<string[]> {
    if (context.kind !== 'value') return [];
    const spec = lookupKey(context.key);
    if (spec?.name === 'project') {
      const projects = await sentry.projects.list(org, { perPage: 100 });
      return projects.data.map((project) => project.slug);
    }
    if (spec?.family === 'actor' && spec.name.startsWith('assigned')) {
      const [members, teams] = await Promise.all([
        sentry.organizations.members(org, { perPage: 100 }),
        sentry.organizations.teams(org, { perPage: 100, detailed: false }),
      ]);
      const emails = members.data.flatMap((member) => (member.email ? [member.email] : []));
      return [...emails, ...teams.data.map((team) => `#${team.slug}`)];
    }
    return [];
  }

  return {
    async suggest(
      org: string,
      query: string,
      cursor: number,
      projects: string[],
    ): Promise<SearchSuggestions> {
      // The half-typed term would narrow the result to nothing: leave it out.
      const typing = suggestSearch(query, cursor).context;
      const termStart =
        Math.max(query.lastIndexOf(' ', typing.start - 1), query.lastIndexOf('(', typing.start - 1)) + 1;
      const [tags, entities] = await Promise.all([
        topTags(org, `${query.slice(0, termStart)}${query.slice(typing.end)}`, projects),
        entityValues(org, typing),
      ]);
      const result = suggestSearch(query, cursor, { tagKeys: tags.map((tag) => tag.key), limit: LIMIT });
      const { context } = result;
      const known = result.values;
      const prefix = context.prefix.toLowerCase();
      const fromTags = result.tagValuesFor
        ? tags
            .filter((tag) => tag.key === result.tagValuesFor)
            .flatMap((tag) => (tag.topValues ?? []).map((value) => value.value))
            .filter((value): value is string => value?.toLowerCase().startsWith(prefix) === true)
        : [];
      const fromEntities = entities.filter((value) => value.toLowerCase().startsWith(prefix));
      const values = [...new Set([...known, ...fromTags, ...fromEntities])].slice(0, LIMIT);
      return {
        context: {
          kind: context.kind,
          key: context.kind === 'value' ? context.key : null,
          prefix: context.prefix,
          start: context.start,
          end: context.end,
        },
        suggestions: [
          ...result.keys.map((key) => ({
            kind: 'key' as const,
            text: key.key,
            description: key.description,
            apply: applySuggestion(query, context, key.key),
          })),
          ...values.map((value) => ({
            kind: 'value' as const,
            text: value,
            description: null,
            apply: applySuggestion(query, context, value),
          })),
          ...result.operators.map((op) => ({
            kind: 'operator' as const,
            text: op.operator,
            description: op.description,
            apply: applyOperator(query, context, op.operator),
          })),
        ],
      };
    },
  };
}

export type SearchSuggestionsService = ReturnType<typeof createSearchSuggestionsService>;
