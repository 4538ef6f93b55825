/**
 * `apiPath`: the only way Dexter builds a Sentry Web API path.
 *
 * Org slugs, issue ids and event ids reach us from users (URLs, search boxes, bulk payloads). A raw
 * interpolation of `../..` or `a/b` would let a caller re-point a request at an endpoint the route
 * never meant to reach, with Dexter's org-wide token. Invariants:
 *
 * - every interpolated value fills exactly one path segment: it is `encodeURIComponent`-ed, so `/`,
 *   `?` and `#` cannot start a new segment, query or fragment;
 * - a value that is empty, or that is entirely `.` or `..`, is refused with a `TypeError`:
 *   `encodeURIComponent` leaves dots alone and the URL parser collapses such a segment together
 *   with the one before it, so no encoding makes it inert, and no Sentry identifier looks like that.
 *   A value spelled `%2e` is safe: its `%` is encoded to `%25`, so it no longer reads as a dot.
 *
 * Query strings are not built here: pass them as `UpstreamRequest.query`, so they go through
 * `URLSearchParams` and keep their separators literal.
 */

const DOT_SEGMENT = /^\.{1,2}$/;

export function apiPath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += encodeSegment(value) + (strings[index + 1] ?? '');
  });
  return out;
}

function encodeSegment(value: string | number): string {
  const raw = String(value);
  if (raw === '') {
    throw new TypeError('apiPath: an empty path segment is not allowed');
  }
  const encoded = encodeURIComponent(raw);
  if (DOT_SEGMENT.test(encoded)) {
    throw new TypeError(`apiPath: relative path segment "${raw}" is not allowed`);
  }
  return encoded;
}
