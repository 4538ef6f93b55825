/**
 * The bundle URLs a frame's script may have been uploaded as, best first. sentry-cli uploads
 * `~/<path relative to the upload dir>` unless given `--url-prefix`; `~` stands for "any scheme
 * and host", as in Sentry. So a frame at `https://cdn.example/static/app.min.js` matches
 * `https://cdn.example/static/app.min.js`, then `~/static/app.min.js`. Dexter also tries shorter
 * path suffixes (`~/app.min.js`), because a Node frame's path is an absolute file path whose
 * leading directories are those of the machine it ran on, never those of the upload.
 */

const MAX_SUFFIXES = 8;

export function urlCandidates(frameUrl: string): string[] {
  const candidates: string[] = [];
  const add = (value: string) => {
    if (value !== '' && !candidates.includes(value)) candidates.push(value);
  };
  const { withoutFragment, path, query } = split(frameUrl);
  add(withoutFragment);
  if (query !== '') add(withoutFragment.slice(0, -query.length));
  if (path === null) return candidates;
  if (query !== '') add(`~${path}${query}`);
  add(`~${path}`);
  const segments = path.split('/').filter((segment) => segment !== '');
  for (let start = 1; start < segments.length && start <= MAX_SUFFIXES; start++) {
    add(`~/${segments.slice(start).join('/')}`);
  }
  return candidates;
}

/** The path of a URL with a scheme, or of an absolute file path; null for anything else. */
function split(frameUrl: string): { withoutFragment: string; path: string | null; query: string } {
  const withoutFragment = frameUrl.split('#', 1)[0] ?? '';
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i.exec(withoutFragment);
  const rest = scheme ? withoutFragment.slice(scheme[0].length) : withoutFragment;
  const queryAt = rest.indexOf('?');
  const path = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rest.slice(queryAt);
  if (!path.startsWith('/')) return { withoutFragment, path: null, query };
  return { withoutFragment, path, query };
}
