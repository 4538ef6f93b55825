/**
 * Before the first render: the boot read (`GET /api/v1/boot`, started by the page's inline script,
 * or here when the page had none, as under `vite dev`) primes the query cache with the session,
 * meta, organizations, and the org's projects and saved views, under the keys their own queries
 * use, and on a stream page its first page of issues; so the route guard, the header and the
 * stream's rows render in the first pass instead of asking one after another. Nothing here is
 * required: a part that is missing, a failed boot, or one slower than `WAIT_FOR_BOOT_MS` only
 * means those queries ask for themselves, as without a boot.
 */
import { type Boot, BootSchema } from '@dexter/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { apiGet, isApiError } from '../api/http';
import { prefetchedBootPath } from '../api/prefetched-reads';
import { authKeys } from '../features/auth/auth-queries';
import { parseIssueSearchParams } from '../features/issues/issue-search-params';
import { issueListQueryOptions } from '../features/issues/issues-queries';
import { organizationKeys } from '../features/organizations/organizations-queries';
import { viewKeys } from '../features/views/views-queries';
import { startBootRequests } from './boot-requests';

/** Past this, the app renders without the boot (its queries ask for themselves); a later boot still primes. */
const WAIT_FOR_BOOT_MS = 1_500;

/** Sets each part the cache does not hold yet: a query that answered first keeps its answer. */
export function primeQueryCache(queryClient: QueryClient, boot: Boot): void {
  const prime = (key: readonly unknown[], data: unknown) => {
    if (queryClient.getQueryData(key) === undefined) queryClient.setQueryData(key, data);
  };
  prime(authKeys.session, boot.user);
  prime(organizationKeys.meta, boot.meta);
  if (boot.organizations) prime(organizationKeys.all, { organizations: boot.organizations });
  if (boot.org && boot.projects) prime(organizationKeys.projects(boot.org), { projects: boot.projects });
  if (boot.org && boot.views) prime(viewKeys.list(boot.org), { views: boot.views });
}

/** Starts the page's first reads unless the inline script did. */
function ensureBootRequests(): void {
  window.__dexterBoot ??= startBootRequests({
    cookie: document.cookie,
    path: location.pathname,
    search: location.search,
    get: (path) => fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' }),
  });
}

/** The org of a stream page (`/{org}/issues`), else null. */
export function streamOrgOf(pathname: string): string | null {
  const match = /^\/([^/]+)\/issues\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/**
 * On a stream page, its first page goes into the cache before the first render too (the inline
 * script's read when it started one, otherwise a request from here, still ahead of React), so the
 * page renders its rows in its first pass instead of a loader and then a second pass.
 */
function primeStream(queryClient: QueryClient): Promise<void> {
  const org = streamOrgOf(location.pathname);
  if (!org) return Promise.resolve();
  const filters = parseIssueSearchParams(new URLSearchParams(location.search));
  return queryClient.prefetchInfiniteQuery(issueListQueryOptions(org, filters));
}

/** Resolves once the cache is primed, the boot failed, or `WAIT_FOR_BOOT_MS` passed. */
export function primeFromBoot(queryClient: QueryClient): Promise<void> {
  ensureBootRequests();
  const path = prefetchedBootPath();
  // Nobody signed in: the route guard sends the visitor to sign in, nothing to read first.
  if (!path) return Promise.resolve();
  const booted = apiGet(path, BootSchema).then(
    (boot) => primeQueryCache(queryClient, boot),
    (error: unknown) => {
      // The session cookie outlived the session: the guard goes to sign-in without asking again.
      if (isApiError(error) && error.status === 401) queryClient.setQueryData(authKeys.session, null);
    },
  );
  const primed = Promise.all([booted, primeStream(queryClient)]).then(() => undefined);
  const waited = new Promise<void>((resolve) => setTimeout(resolve, WAIT_FOR_BOOT_MS));
  return Promise.race([primed, waited]);
}
