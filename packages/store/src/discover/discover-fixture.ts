/**
 * Fills a store for `bench:discover`: N error events over D days in one project, written with
 * direct SQL in chunks (minutes of ingest would measure ingest, which the bench measures
 * separately), and counted into Discover's rollup by the write path's own code
 * (`createDiscoverRollupWriter`, in each chunk's transaction), so the rollup is what ingest leaves;
 * then its settled buckets are packed as the store's background maintenance does.
 *
 * Each event has about a dozen tags as SDKs send them: `tenant` with T values (a long tail: a few
 * tenants send most events), level, environment (3), release (20), server_name, os, browser,
 * transaction (200), url, handled, mechanism, user (U users; 5 % of events have none).
 * Deterministic for a seed; events arrive in time order, as ingest sees them.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { createDiscoverRollupWriter } from './discover-rollup-writer';

export interface DiscoverFixtureOptions {
  events: number;
  days: number;
  tenants: number;
  users: number;
  issues: number;
  /** The window ends here (ms); default now. */
  now?: number;
  seed?: number;
}

export interface DiscoverFixture {
  projectId: number;
  start: number;
  end: number;
  events: number;
  hourRows: number;
  dayRows: number;
  /** Rows of settled buckets packed by the background maintenance's code, and how long it took. */
  packedRows: number;
  packSeconds: number;
  seconds: number;
}

const HOUR = 3_600_000;
const CHUNK = 10_000;
const ENVIRONMENTS = ['production', 'staging', 'development'];
const LEVELS = ['error', 'error', 'error', 'warning', 'fatal', 'info'];
const OSES = ['Linux', 'Windows', 'macOS', 'Android'];
const BROWSERS = ['Chrome', 'Firefox', 'Safari', 'Edge', 'Opera'];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A long tail over n values: value i has weight 1 / (i + 10). */
function longTail(n: number, rand: () => number): () => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / (i + 10);
    cumulative.push(sum);
  }
  return () => {
    const target = rand() * sum;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

export function seedDiscoverFixture(
  target: { dataDir: string; projectId: string | number },
  options: DiscoverFixtureOptions,
): DiscoverFixture {
  const started = performance.now();
  const projectId = Number(target.projectId);
  const end = options.now ?? Date.now();
  const start = end - options.days * 24 * HOUR;
  const rand = random(options.seed ?? 16);
  const tenant = longTail(options.tenants, rand);
  const pick = <T>(values: readonly T[]) => values[Math.floor(rand() * values.length)]!;

  const sqlite = new SQLite(join(target.dataDir, 'store.sqlite'));
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -262144');
    const rollup = createDiscoverRollupWriter(sqlite, { background: false });
    const issueIds = createIssues(sqlite, projectId, options.issues, start);
    const insertEvent = sqlite.prepare(
      `insert into events (event_id, project_id, issue_id, timestamp, received_at, data, raw, raw_encoding, size)
       values (?, ?, ?, ?, ?, ?, '{}', 'identity', ?)`,
    );
    const span = end - start;
    for (let first = 0; first < options.events; first += CHUNK) {
      sqlite.transaction(() => {
        const batch = rollup.batch();
        const last = Math.min(options.events, first + CHUNK);
        for (let i = first; i < last; i++) {
          const timestamp = start + Math.floor(((i + rand()) * span) / options.events);
          const environment = ENVIRONMENTS[rand() < 0.8 ? 0 : rand() < 0.5 ? 1 : 2]!;
          const userId = rand() < 0.95 ? `u${Math.floor(rand() * options.users)}` : null;
          const release = `app@1.0.${Math.min(19, Math.floor((20 * (timestamp - start)) / span + rand() * 0.5))}`;
          const tags: Array<[string, string]> = [
            ['tenant', `t${String(tenant()).padStart(4, '0')}`],
            ['level', pick(LEVELS)],
            ['environment', environment],
            ['release', release],
            ['server_name', `web-${Math.floor(rand() * 8)}`],
            ['os', pick(OSES)],
            ['browser', pick(BROWSERS)],
            ['transaction', `/api/route-${Math.floor(rand() * 200)}`],
            ['handled', rand() < 0.9 ? 'yes' : 'no'],
            ['mechanism', 'generic'],
          ];
          if (userId) tags.push(['user', `id:${userId}`]);
          const issueIndex = Math.floor(rand() * rand() * issueIds.length);
          const eventId = (i + 1).toString(16).padStart(32, '0');
          const data = JSON.stringify({
            eventId,
            platform: 'node',
            level: tags[1]![1],
            environment,
            release,
            transaction: tags[7]![1],
            message: null,
            type: 'error',
            title: `Error: failure ${issueIndex}`,
            culprit: `handler${issueIndex % 50}`,
            exceptions: [{ type: 'Error', value: `failure ${issueIndex}` }],
            tags,
            user: userId ? { id: userId, email: null, username: null, ipAddress: null, geo: null } : null,
            handled: tags[8]![1] === 'yes',
          });
          insertEvent.run(eventId, projectId, issueIds[issueIndex]!, timestamp, timestamp, data, data.length);
          batch.add(
            { projectId, timestamp, environment, userKey: userId ? `id:${userId}` : null, tags },
            {
              duplicate: false,
            },
          );
        }
        batch.flush();
      })();
    }
    // What the store's background maintenance would do within minutes of the last event.
    const packStarted = performance.now();
    rollup.maintainFully();
    const packSeconds = (performance.now() - packStarted) / 1000;
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const count = (table: string) => sqlite.prepare(`select count(*) from ${table}`).pluck().get() as number;
    return {
      projectId,
      start,
      end,
      events: options.events,
      hourRows: count('discover_rollup_hour'),
      dayRows: count('discover_rollup_day'),
      packedRows: count('discover_rollup_packed'),
      packSeconds,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    sqlite.close();
  }
}

function createIssues(sqlite: SQLite.Database, projectId: number, count: number, start: number): number[] {
  const next = sqlite
    .prepare('update projects set next_short_id = next_short_id + ? where id = ? returning next_short_id')
    .pluck()
    .get(count, projectId) as number;
  const insert = sqlite.prepare(
    `insert into issues (project_id, short_id_num, title, culprit, level, type, platform, logger, status, substatus,
       status_details, metadata, search_text, is_unhandled, first_seen, last_seen, times_seen, user_count,
       first_release, last_release)
     values (?, ?, ?, ?, 'error', 'error', 'node', null, 'unresolved', 'new', '{}', '{}', ?, 0, ?, ?, 0, 0, null, null)`,
  );
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const title = `Error: failure ${i}`;
    const { lastInsertRowid } = insert.run(
      projectId,
      next - count + i,
      title,
      `handler${i % 50}`,
      title.toLowerCase(),
      start,
      start,
    );
    ids.push(Number(lastInsertRowid));
  }
  return ids;
}
