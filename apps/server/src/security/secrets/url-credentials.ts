/**
 * A URL's user name and password (`https://user:pass@host/`) are credentials, not part of the
 * address: they are sealed with the secret they belong to, and everything that shows a URL (the
 * API, the audit log, error messages) shows `***@` in their place.
 */

export interface SplitUrl {
  /** The URL without credentials: what the database keeps in plain text. */
  bare: string;
  /** `user` or `user:password` as written in the URL (still percent-encoded), or null. */
  credentials: string | null;
}

export function splitUrlCredentials(url: string): SplitUrl {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return { bare: url, credentials: null };
  const credentials = parsed.password === '' ? parsed.username : `${parsed.username}:${parsed.password}`;
  parsed.username = '';
  parsed.password = '';
  return { bare: parsed.href, credentials };
}

/** `bare` as it may be shown: `***@` marks where credentials are kept. */
export function shownUrl(bare: string, hasCredentials: boolean): string {
  if (!hasCredentials) return bare;
  const parsed = new URL(bare);
  parsed.username = '***';
  return parsed.href;
}

/** Any URL as it may be shown or logged, credentials masked; text that is no URL is returned unchanged. */
export function redactUrlCredentials(url: string): string {
  try {
    const { bare, credentials } = splitUrlCredentials(url);
    return shownUrl(bare, credentials !== null);
  } catch {
    return url;
  }
}

/** The full URL again, for the feature that calls it. */
export function joinUrlCredentials(bare: string, credentials: string | null): string {
  if (credentials === null) return bare;
  const parsed = new URL(bare);
  const colon = credentials.indexOf(':');
  parsed.username = colon === -1 ? credentials : credentials.slice(0, colon);
  if (colon !== -1) parsed.password = credentials.slice(colon + 1);
  return parsed.href;
}
