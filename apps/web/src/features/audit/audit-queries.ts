/** The audit log for admins: filtered pages (newest first, by id cursor) and export links. */
import { AuditListSchema, type AuditQuery } from '@dexter/contracts';
import { infiniteQueryOptions } from '@tanstack/react-query';
import { apiPath, withQuery } from '../../api/api-path';
import { apiGet } from '../../api/http';

export type AuditFilters = Pick<AuditQuery, 'actor' | 'action' | 'result' | 'target'>;

const PAGE = 100;

export const auditKeys = {
  all: ['audit'] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, filters] as const,
};

const cleaned = (filters: AuditFilters) =>
  Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined && value !== ''),
  ) as Record<string, string>;

export function auditQueryOptions(filters: AuditFilters) {
  return infiniteQueryOptions({
    queryKey: auditKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      apiGet(
        withQuery(apiPath`/audit`, { ...cleaned(filters), limit: PAGE, cursor: pageParam ?? undefined }),
        AuditListSchema,
        signal,
      ),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** A plain link: the browser downloads the streamed file with the session cookie. */
export const auditExportUrl = (filters: AuditFilters, format: 'csv' | 'json') =>
  withQuery(apiPath`/audit/export`, { ...cleaned(filters), format });
