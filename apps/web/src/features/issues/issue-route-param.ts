/**
 * The issue in the page's URL: a numeric id (what the stream links) or a short id such as
 * `DEMO-1` (what people type and share). A short id is looked up once with the `issue:` search
 * over every status. Pure parts are tested; the hook is the query around them.
 */
import { IssueListSchema } from '@dexter/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiPath, withQuery } from '../../api/api-path';
import { apiGet } from '../../api/http';

export function isNumericIssueId(param: string): boolean {
  return /^\d{1,20}$/.test(param);
}

/** `PROJ-1A`: Sentry's short ids are a project slug, a dash and a base-32 counter. */
export function isShortId(param: string): boolean {
  return /^[A-Za-z0-9_.-]+-[A-Za-z0-9]+$/.test(param) && !isNumericIssueId(param);
}

export type ResolvedIssueId =
  | { state: 'resolved'; id: string }
  | { state: 'pending' }
  | { state: 'missing' }
  | { state: 'error'; error: Error };

export function useIssueIdFromParam(org: string, param: string): ResolvedIssueId {
  const numeric = isNumericIssueId(param);
  const lookup = useQuery({
    queryKey: ['issue-short-id', org, param.toUpperCase()],
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(apiPath`/organizations/${org}/issues`, { query: `issue:${param.toUpperCase()}`, limit: 1 }),
        IssueListSchema,
        signal,
      ),
    enabled: !numeric && isShortId(param),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (numeric) return { state: 'resolved', id: param };
  if (!isShortId(param)) return { state: 'missing' };
  if (lookup.isError) return { state: 'error', error: lookup.error };
  if (!lookup.data) return { state: 'pending' };
  const found = lookup.data.issues.find((issue) => issue.shortId.toUpperCase() === param.toUpperCase());
  return found ? { state: 'resolved', id: found.id } : { state: 'missing' };
}
