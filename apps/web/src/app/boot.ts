/**
 * Before the first render: the boot read (`GET /api/v1/boot`, started by the page's inline script,
 * or here when the page had none, as under `vite dev`) primes the query cache with the session,
 * meta, organizations, and the org's projects and saved views, under the keys their own queries
 * use; so the route guard, the header and the stream render at once instead of asking one after
 * another. Nothing here is required: a part that is missing, a failed boot, or one slower than
 * `WAIT_FOR_BOOT_MS` only means those queries ask for themselves, as without a boot.
 */
import { type Boot, BootSchema } from '@dexter/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { apiGet, isApiError } from '../api/http';
import { prefetchedBootPath } from '../api/prefetched-reads';
import { authKeys } from '../features/auth/auth-queries';
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

/** Resolves once the cache is primed, the boot failed, or `WAIT_FOR_BOOT_MS` passed. */
export function primeFromBoot(queryClient: QueryClient): Promise<void> {
  ensureBootRequests();
  const path = prefetchedBootPath();
  if (!path) return Promise.resolve();
  const primed = apiGet(path, BootSchema).then(
    (boot) => primeQueryCache(queryClient, boot),
    (error: unknown) => {
      // The session cookie outlived the session: the guard goes to sign-in without asking again.
      if (isApiError(error) && error.status === 401) queryClient.setQueryData(authKeys.session, null);
    },
  );
  const waited = new Promise<void>((resolve) => setTimeout(resolve, WAIT_FOR_BOOT_MS));
  return Promise.race([primed, waited]);
}
