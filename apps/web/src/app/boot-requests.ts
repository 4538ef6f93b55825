/**
 * The page's first reads, started by a small inline script in `index.html` while the bundles still
 * load (see vite.config.ts, which inlines `startBootRequests` itself, and the server's web-app.ts,
 * which gives that script the page's CSP nonce). The app takes these answers instead of asking
 * again (`api/prefetched-reads.ts`), so the first rows no longer wait for bundle, then session,
 * then meta and projects, then issues, one after another.
 *
 * The function is serialized with `Function.prototype.toString`: it may use nothing but its
 * argument (no imports, no module-level names), and plain ES2019.
 *
 * - Nothing is asked for a visitor without the session's CSRF cookie: a signed-out browser gets no
 *   data (the server would answer 401 anyway).
 * - `/api/v1/boot` (session, meta, organizations, the org's projects and saved views) always.
 * - The stream's first page when the page is an org's stream with no filters in its URL: the
 *   exact path `issueListQueryOptions` asks for (a test keeps the two equal); any other page, or
 *   a drift between them, just means the app asks itself.
 */

export interface BootPage {
  /** `document.cookie` */
  cookie: string;
  /** `location.pathname` */
  path: string;
  /** `location.search` */
  search: string;
  /** Starts one GET of Dexter's API (same origin, JSON). */
  get(path: string): Promise<Response>;
}

export interface BootRequests {
  /** The boot read's path, or null when nobody is signed in. */
  bootPath: string | null;
  /** Reads in flight by their exact path (query string included). */
  reads: Record<string, Promise<Response>>;
}

export function startBootRequests(page: BootPage): BootRequests {
  const reads: Record<string, Promise<Response>> = {};
  if (!/(?:^|;\s*)dexter_csrf=[^;]/.test(page.cookie)) return { bootPath: null, reads };
  const appRoots = ['sign-in', 'change-password', 'settings', 'admin'];
  const match = /^\/([^/]+)(\/[^?#]*)?$/.exec(page.path);
  const first = match ? match[1] || '' : '';
  let org: string | null = null;
  if (first !== '' && appRoots.indexOf(first) === -1) {
    try {
      org = decodeURIComponent(first);
    } catch (_malformed) {
      org = null;
    }
  }
  const bootPath = org ? `/api/v1/boot?org=${encodeURIComponent(org)}` : '/api/v1/boot';
  reads[bootPath] = page.get(bootPath);
  if (org && match && /^\/issues\/?$/.test(match[2] || '') && page.search === '') {
    const stream = `/api/v1/organizations/${encodeURIComponent(org)}/issues?query=is%3Aunresolved&sort=date&limit=50`;
    reads[stream] = page.get(stream);
  }
  return { bootPath, reads };
}

/** The inline script: runs `startBootRequests` on the page and leaves its requests on `window`. */
export const bootScript = () =>
  `window.__dexterBoot=(${startBootRequests.toString()})({cookie:document.cookie,path:location.pathname,` +
  `search:location.search,get:function(p){return fetch(p,{headers:{accept:'application/json'},credentials:'same-origin'})}});`;
