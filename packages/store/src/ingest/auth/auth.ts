// Finds the DSN public key an ingest request authenticates with.
//
// Why: SDKs disagree on where the key goes. `@sentry/node` puts it in the query string
// (`?sentry_key=...`), most other SDKs and sentry-cli send `X-Sentry-Auth: Sentry sentry_key=...`,
// some send the same value as `Authorization: Sentry ...`, and tunnelled browser envelopes carry only
// the envelope header `dsn` (develop overview.mdx "Authentication", envelopes.mdx "dsn").
//
// Invariants:
// - Every source present is read; they must agree. Relay rejects any second auth form outright;
//   Dexter accepts duplicates of the same key (harmless) and rejects only a disagreement.
// - The key is validated by shape only (lookup is the caller's job) and is never echoed in errors.

import { unauthorized } from '../ingest-error';

type HeaderOrQueryValue = string | string[] | undefined;

export interface AuthInput {
  query: Record<string, HeaderOrQueryValue>;
  headers: Record<string, HeaderOrQueryValue>;
  envelopeDsn?: string | null;
}

export interface ExtractedAuth {
  publicKey: string;
  /** Last path segment of the envelope `dsn`, when it had one: the route checks it matches its own. */
  projectId?: string;
  /** `sentry_client` from the header or query string (e.g. `sentry.javascript.node/11.12.0`). */
  client?: string;
}

// Sentry keys are 32 hex characters; other Sentry-compatible servers mint other shapes.
const KEY_SHAPE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The key the request itself carries (query string or auth header), without the body: ingest
 * checks it before reading a byte of the body. Null when neither carries a key; throws 401 for a
 * bad or conflicting one, and for a Sentry auth header that names no key.
 */
export function findRequestKey(input: Omit<AuthInput, 'envelopeDsn'>): ExtractedAuth | null {
  const hasQueryKey = input.query.sentry_key !== undefined;
  const hasSentryHeader = ['x-sentry-auth', 'authorization'].some((name) => {
    const value = headerValue(input.headers, name);
    return value !== undefined && parseSentryAuthHeader(value, name === 'authorization') !== null;
  });
  return hasQueryKey || hasSentryHeader ? extractPublicKey(input) : null;
}

export function extractPublicKey(input: AuthInput): ExtractedAuth {
  const found: Array<{ source: string; key: string }> = [];
  let client: string | undefined;
  let keylessAuthHeader: string | undefined;

  for (const [name, label] of [
    ['x-sentry-auth', 'X-Sentry-Auth header'],
    ['authorization', 'Authorization header'],
  ] as const) {
    const value = headerValue(input.headers, name);
    if (value === undefined) continue;
    const fields = parseSentryAuthHeader(value, name === 'authorization');
    if (fields === null) continue; // e.g. `Authorization: Bearer ...`, meant for something else
    if (fields.sentry_key === undefined) keylessAuthHeader ??= label;
    else found.push({ source: label, key: fields.sentry_key });
    client ??= fields.sentry_client;
  }

  for (const key of asList(input.query.sentry_key)) found.push({ source: 'sentry_key query parameter', key });
  client ??= asList(input.query.sentry_client)[0];

  let projectId: string | undefined;
  if (input.envelopeDsn !== undefined && input.envelopeDsn !== null) {
    const dsn = parseDsn(input.envelopeDsn);
    found.push({ source: 'envelope dsn', key: dsn.publicKey });
    projectId = dsn.projectId;
  }

  const first = found[0];
  if (first === undefined) {
    throw unauthorized(
      keylessAuthHeader === undefined
        ? 'missing authentication: send X-Sentry-Auth, sentry_key or an envelope dsn'
        : `${keylessAuthHeader} has no sentry_key`,
    );
  }
  for (const { source, key } of found) {
    if (!KEY_SHAPE.test(key)) {
      throw unauthorized(`invalid sentry_key in ${source}: expected 1 to 64 characters of A-Z a-z 0-9 _ -`);
    }
  }
  if (found.some(({ key }) => key !== first.key)) throw unauthorized('conflicting sentry_key values');

  return {
    publicKey: first.key,
    ...(projectId === undefined ? {} : { projectId }),
    ...(client === undefined || client === '' ? {} : { client }),
  };
}

/**
 * Parses `Sentry sentry_version=7, sentry_client=x/1.0, sentry_key=abc` into its fields (prefix
 * `sentry_` kept). Returns null when the value is not Sentry auth: for `Authorization` the `Sentry `
 * scheme is required, for `X-Sentry-Auth` it is optional (old clients omit it).
 */
export function parseSentryAuthHeader(value: string, requireScheme = false): Record<string, string> | null {
  const trimmed = value.trim();
  const hasScheme = /^sentry\s/i.test(trimmed);
  if (!hasScheme && requireScheme) return null;
  const fields: Record<string, string> = {};
  for (const part of (hasScheme ? trimmed.slice(6) : trimmed).split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    // Some old clients quote values: sentry_key="abc".
    const raw = part.slice(eq + 1).trim();
    fields[name] = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  }
  return fields;
}

/** `{PROTOCOL}://{PUBLIC_KEY}[:{SECRET}]@{HOST}{PATH}/{PROJECT_ID}` (develop overview.mdx "DSN"). */
export function parseDsn(dsn: string): { publicKey: string; projectId?: string } {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    throw unauthorized('envelope dsn is not a valid URL');
  }
  // Not percent-decoded: a valid key needs no escaping, and an escaped one fails the shape check.
  const publicKey = url.username;
  if (publicKey === '') throw unauthorized('envelope dsn has no public key');
  const lastSegment = url.pathname
    .split('/')
    .filter((segment) => segment !== '')
    .pop();
  return { publicKey, ...(lastSegment === undefined ? {} : { projectId: lastSegment }) };
}

function headerValue(headers: Record<string, HeaderOrQueryValue>, lowerName: string): string | undefined {
  // Node lowercases incoming header names, but callers building the record by hand may not.
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === lowerName) return asList(value)[0];
  }
  return undefined;
}

function asList(value: HeaderOrQueryValue): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
