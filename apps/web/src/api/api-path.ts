/**
 * Builds Dexter API URLs. Every interpolated value is one path segment: it is percent-encoded, and
 * empty, `.` and `..` are rejected so an org slug or issue id can never walk out of its route.
 * Query strings go through URLSearchParams only.
 */

export const API_PREFIX = '/api/v1';

export function apiPath(strings: TemplateStringsArray, ...segments: readonly string[]): string {
  let path = API_PREFIX;
  strings.forEach((literal, index) => {
    path += literal;
    const segment = segments[index];
    if (segment === undefined) return;
    if (segment === '' || segment === '.' || segment === '..') {
      throw new Error(`apiPath: invalid path segment ${JSON.stringify(segment)}`);
    }
    path += encodeURIComponent(segment);
  });
  return path;
}

export type QueryParams = Record<string, string | number | readonly string[] | null | undefined>;

/**
 * Appends params in insertion order; arrays repeat the key; `null`/`undefined` are left out, while an
 * empty string is kept because it can mean something (`query=` asks Sentry for every status).
 */
export function withQuery(path: string, params: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' || typeof value === 'number') {
      search.append(key, String(value));
      continue;
    }
    for (const item of value) search.append(key, item);
  }
  const query = search.toString();
  return query === '' ? path : `${path}?${query}`;
}
