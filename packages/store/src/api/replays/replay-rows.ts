/**
 * A stored replay as Sentry's replay row (spec `GET /organizations/{org}/replays/`): ids as
 * strings, times as ISO 8601, `duration` in whole seconds, tags as `{key: [values]}`, browser, os
 * and device always present with null members. Counts the store does not derive (warnings, infos,
 * dead and rage clicks) are 0; `activity` is Sentry's 1-10 score from errors, clicks and length.
 */
import { sql } from 'kysely';

export interface StoredReplay {
  id: string;
  project_id: number;
  started_at: number;
  finished_at: number;
  segments: number;
  replay_type: string | null;
  environment: string | null;
  release: string | null;
  dist: string | null;
  platform: string | null;
  urls: string;
  trace_ids: string;
  user: string | null;
  sdk: string | null;
  contexts: string | null;
  tags: string | null;
  count_clicks: number;
  count_errors: number;
  error_ids: string;
}

/** The columns and per-replay error counts every replay read selects (`r` is `replays`). */
export const REPLAY_COLUMNS = sql`r.id, r.project_id, r.started_at, r.finished_at, r.segments, r.replay_type,
  r.environment, r.release, r.dist, r.platform, r.urls, r.trace_ids, r.user, r.sdk, r.contexts, r.tags,
  r.count_clicks,
  (select count(*) from replay_errors re join events e on e.project_id = re.project_id and e.event_id = re.event_id
    where re.replay_id = r.id) as count_errors,
  (select json_group_array(event_id) from (select re.event_id from replay_errors re join events e
    on e.project_id = re.project_id and e.event_id = re.event_id where re.replay_id = r.id
    order by e.timestamp limit 100)) as error_ids`;

type Json = Record<string, unknown>;

const parse = (text: string | null): Json => {
  if (text === null) return {};
  const value = JSON.parse(text) as unknown;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
};

const strOrNull = (value: unknown) =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;

export function replayRow(row: StoredReplay) {
  const contexts = parse(row.contexts);
  const user = parse(row.user);
  const sdk = parse(row.sdk);
  const browser = parse(JSON.stringify(contexts.browser ?? null));
  const os = parse(JSON.stringify(contexts.os ?? null));
  const device = parse(JSON.stringify(contexts.device ?? null));
  const urls = JSON.parse(row.urls) as string[];
  const durationSeconds = Math.max(0, Math.round((row.finished_at - row.started_at) / 1000));
  const tags: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(parse(row.tags))) {
    const text = strOrNull(value);
    if (text !== null) tags[key] = [text];
  }
  const geo = parse(JSON.stringify(user.geo ?? null));
  return {
    id: row.id,
    project_id: String(row.project_id),
    trace_ids: JSON.parse(row.trace_ids) as string[],
    error_ids: JSON.parse(row.error_ids) as string[],
    environment: row.environment,
    tags,
    user: {
      id: strOrNull(user.id),
      username: strOrNull(user.username),
      email: strOrNull(user.email),
      ip: strOrNull(user.ip_address),
      display_name:
        strOrNull(user.username) ?? strOrNull(user.email) ?? strOrNull(user.id) ?? strOrNull(user.ip_address),
      geo: {
        city: strOrNull(geo.city),
        country_code: strOrNull(geo.country_code),
        region: strOrNull(geo.region),
        subdivision: strOrNull(geo.subdivision),
      },
    },
    sdk: { name: strOrNull(sdk.name), version: strOrNull(sdk.version) },
    os: { name: strOrNull(os.name), version: strOrNull(os.version) },
    browser: { name: strOrNull(browser.name), version: strOrNull(browser.version) },
    device: {
      name: strOrNull(device.name),
      brand: strOrNull(device.brand),
      model: strOrNull(device.model),
      family: strOrNull(device.family),
    },
    is_archived: false,
    urls,
    clicks: [],
    count_dead_clicks: 0,
    count_rage_clicks: 0,
    count_errors: row.count_errors,
    duration: durationSeconds,
    finished_at: new Date(row.finished_at).toISOString(),
    started_at: new Date(row.started_at).toISOString(),
    activity: activityOf(row.count_errors, row.count_clicks, durationSeconds),
    count_urls: urls.length,
    replay_type: row.replay_type ?? 'session',
    count_segments: row.segments,
    platform: row.platform,
    releases: row.release === null ? [] : [row.release],
    dist: row.dist,
    count_warnings: 0,
    count_infos: 0,
    has_viewed: false,
  };
}

/** Sentry's `activity` (replays/usecases/query): errors weigh most, then clicks, then length. */
function activityOf(errors: number, clicks: number, seconds: number): number {
  const score = Math.floor((errors * 25 + clicks * 5 + seconds / 60) / 10);
  return Math.min(10, Math.max(1, score));
}
