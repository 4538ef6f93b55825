// The smaller event interfaces: user, breadcrumbs, sdk and contexts.
//
// Invariants:
// - `user.ip_address: "{{auto}}"` is the SDK asking the server to fill in the client's address
//   (develop user.mdx); it becomes the request's IP, or null when the caller does not know it.
// - Breadcrumbs keep the most recent LIMITS.breadcrumbs, oldest first, as Sentry does.
// - Contexts keep only object values (each context is an object keyed by its name) and are bounded.

import { asRecord, boundRecord, parseTimestamp, scalarStr, str, truncate, valuesList } from './coerce';
import { LIMITS, type NormalizedBreadcrumb, type NormalizedUser } from './normalized-event';

export function normalizeUser(raw: unknown, clientIp: string | undefined): NormalizedUser | null {
  const u = asRecord(raw);
  if (u === null) return null;
  const rawIp = str(u.ip_address, LIMITS.shortString);
  const geo = asRecord(u.geo);
  const countryCode = str(geo?.country_code, 8);
  const city = str(geo?.city, LIMITS.shortString);
  const region = str(geo?.region, LIMITS.shortString);
  const user: NormalizedUser = {
    id: scalarStr(u.id, LIMITS.shortString),
    email: str(u.email, LIMITS.shortString),
    username: str(u.username, LIMITS.shortString),
    ipAddress: rawIp === '{{auto}}' ? (clientIp ?? null) : rawIp,
    geo:
      countryCode === null && city === null && region === null
        ? null
        : {
            ...(countryCode === null ? {} : { countryCode }),
            ...(city === null ? {} : { city }),
            ...(region === null ? {} : { region }),
          },
  };
  const empty = user.id === null && user.email === null && user.username === null && user.ipAddress === null;
  return empty && user.geo === null ? null : user;
}

export function normalizeBreadcrumbs(raw: unknown): NormalizedBreadcrumb[] {
  const out: NormalizedBreadcrumb[] = [];
  for (const item of valuesList(raw).slice(-LIMITS.breadcrumbs)) {
    const b = asRecord(item);
    if (b === null) continue;
    const ms = parseTimestamp(b.timestamp);
    out.push({
      timestamp: ms === null ? null : toIso(ms),
      type: str(b.type, LIMITS.shortString),
      category: str(b.category, LIMITS.shortString),
      level: str(b.level, 16),
      message: str(b.message, LIMITS.breadcrumbMessage),
      data: boundRecord(b.data),
    });
  }
  return out;
}

export function normalizeSdk(raw: unknown): { name: string | null; version: string | null } | null {
  const s = asRecord(raw);
  const name = str(s?.name, LIMITS.shortString);
  const version = str(s?.version, LIMITS.shortString);
  return name === null && version === null ? null : { name, version };
}

export function normalizeContexts(raw: unknown): Record<string, unknown> {
  const entries = Object.entries(asRecord(raw) ?? {})
    .slice(0, LIMITS.nestedEntries)
    .flatMap(([key, value]): Array<[string, unknown]> => {
      const context = boundRecord(value);
      return context === null ? [] : [[truncate(key, LIMITS.shortString), context]];
    });
  return Object.fromEntries(entries);
}

/** ISO 8601, or null for a time JavaScript's Date cannot represent. */
function toIso(ms: number): string | null {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
