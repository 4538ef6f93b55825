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

const DAY_MS = 86_400_000;
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);
let isoDay = Number.NaN;
let isoDayPrefix = '';

/**
 * ISO 8601 exactly as `Date#toISOString` writes it, or null for a time Date cannot represent.
 * Formats the time of day itself and asks Date only for the date part of a new day: an event's
 * hundred breadcrumbs share a day, and `toISOString` was a tenth of normalizing an event.
 */
export function toIso(ms: number): string | null {
  const t = Math.trunc(ms);
  if (!(Math.abs(t) <= 8.64e15)) return null;
  const day = Math.floor(t / DAY_MS);
  if (day !== isoDay) {
    const iso = new Date(day * DAY_MS).toISOString();
    isoDay = day;
    isoDayPrefix = iso.slice(0, iso.indexOf('T') + 1);
  }
  const inDay = t - day * DAY_MS;
  const hours = Math.floor(inDay / 3_600_000);
  const minutes = Math.floor(inDay / 60_000) % 60;
  const seconds = Math.floor(inDay / 1000) % 60;
  return `${isoDayPrefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${three(inDay % 1000)}Z`;
}
