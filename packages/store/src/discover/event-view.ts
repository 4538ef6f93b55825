/**
 * What a Discover column reads from one stored error event (the normalized JSON in `events.data`):
 * one function for the scan engine's rows, its filters and its aggregates, so a column means the
 * same in a field, a condition and a group. Strings that are absent read as '' (Sentry's Discover
 * shows a missing tag as an empty string); numbers and dates that are absent read as null.
 */
import type { BuiltInColumn, ColumnRef } from './discover-fields';

/** The parts of a normalized event Discover reads (see `ingest/normalize/normalized-event.ts`). */
export interface StoredEvent {
  eventId: string;
  platform?: string;
  level?: string;
  transaction?: string | null;
  release?: string | null;
  environment?: string | null;
  message?: string | null;
  type?: string;
  title?: string;
  culprit?: string;
  exceptions?: Array<{ type: string | null; value: string | null }>;
  tags?: Array<[string, string]>;
  user?: {
    id: string | null;
    email: string | null;
    username: string | null;
    ipAddress: string | null;
    geo: { countryCode?: string; city?: string; region?: string } | null;
  } | null;
  handled?: boolean | null;
}

export interface EventRow {
  projectId: number;
  issueId: number;
  /** Epoch ms. */
  timestamp: number;
  event: StoredEvent;
}

export type CellValue = string | number | null;

/** The slug of each project id, for the `project` column. */
export type ProjectSlugs = ReadonlyMap<number, string>;

/** Sentry's `user` of an event: the first of id, email, username and IP, prefixed by which. */
export function userKeyOf(user: StoredEvent['user']): string | null {
  if (!user) return null;
  if (user.id) return `id:${user.id}`;
  if (user.email) return `email:${user.email}`;
  if (user.username) return `username:${user.username}`;
  if (user.ipAddress) return `ip:${user.ipAddress}`;
  return null;
}

export function tagOf(event: StoredEvent, key: string): string | null {
  for (const [k, v] of event.tags ?? []) if (k === key) return v;
  // The geo tag is added at write time from the user's geo (`ingest/geo/user-geo.ts`).
  if (key === 'geo.country_code') return event.user?.geo?.countryCode ?? null;
  return null;
}

function builtIn(column: BuiltInColumn, row: EventRow, slugs: ProjectSlugs): CellValue {
  const { event } = row;
  switch (column) {
    case 'id':
      return event.eventId;
    case 'timestamp':
      return row.timestamp;
    case 'project':
      return slugs.get(row.projectId) ?? '';
    case 'project.id':
      return row.projectId;
    case 'issue.id':
      return row.issueId;
    case 'title':
      return event.title ?? '';
    case 'message':
      return event.message ?? event.title ?? '';
    case 'culprit':
      return event.culprit ?? '';
    case 'level':
      return event.level ?? '';
    case 'environment':
      return event.environment ?? '';
    case 'release':
      return event.release ?? '';
    case 'platform':
      return event.platform ?? '';
    case 'transaction':
      return event.transaction ?? '';
    case 'event.type':
      return event.type ?? 'error';
    case 'user':
      return userKeyOf(event.user) ?? '';
    case 'user.id':
      return event.user?.id ?? '';
    case 'user.email':
      return event.user?.email ?? '';
    case 'user.username':
      return event.user?.username ?? '';
    case 'user.ip':
      return event.user?.ipAddress ?? '';
    case 'error.type':
      return event.exceptions?.at(-1)?.type ?? '';
    case 'error.value':
      return event.exceptions?.at(-1)?.value ?? '';
    case 'error.handled':
      return event.handled === false ? '0' : '1';
    case 'geo.country_code':
      return event.user?.geo?.countryCode ?? '';
    case 'geo.city':
      return event.user?.geo?.city ?? '';
    case 'geo.region':
      return event.user?.geo?.region ?? '';
    default:
      // Span and transaction columns: the errors dataset has none.
      return null;
  }
}

export function cellOf(column: ColumnRef, row: EventRow, slugs: ProjectSlugs): CellValue {
  if ('builtIn' in column.source) return builtIn(column.source.builtIn, row, slugs);
  const value = tagOf(row.event, column.source.tag);
  if (!column.source.numeric) return value ?? '';
  const number = value === null ? Number.NaN : Number(value);
  return Number.isFinite(number) ? number : null;
}
