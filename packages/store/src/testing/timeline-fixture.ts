/**
 * Fills a store database quickly for benchmarks of the release timeline and release list: N events
 * over D days across R releases, E environments and I issues, written with direct SQL in one
 * transaction instead of through ingest (1,000,000 events take seconds, not minutes).
 *
 * The rows are what the ingest writer would leave for the same events, so every endpoint reads
 * them as real data: each issue is a normalized event (`normalizeEvent`) with its grouping hashes,
 * counters, first and last release and its release/environment tags; each event has its normalized
 * JSON and raw payload; and `event_rollup`/`event_rollup_project` hold exactly the events' counts,
 * new issues in the hour of their first event. Releases are recorded as `sentry-cli` would (with one
 * deploy per environment), and optionally sessions as SDK aggregates.
 *
 * The shape is deterministic for a seed: releases ship one after another over the window (the
 * newest takes most traffic, the previous one keeps a tail), the first environment gets most
 * events, and issues follow a long tail (a few issues hold most events).
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { computeGroupingHashes } from '../ingest/grouping/grouping-hash';
import { normalizeEvent } from '../ingest/normalize/normalize-event';
import { searchTextOf } from '../ingest/prepare/prepare-event';
import { hourOf } from '../ingest/write/event-rollup';

export interface TimelineFixtureOptions {
  events: number;
  releases: number;
  environments: number;
  issues: number;
  days: number;
  /** Sessions (as `sessions` aggregates of the releases, 2 % errored, 0.5 % crashed); default 0. */
  sessions?: number;
  /** The window ends here (ms); default now. */
  now?: number;
  seed?: number;
}

export interface TimelineFixture {
  projectId: number;
  /** Oldest first; `app@1.0.<i>`. */
  releases: string[];
  environments: string[];
  issueIds: number[];
  /** ms; the window is [start, end). */
  start: number;
  end: number;
  events: number;
  rollupRows: number;
}

/** A store to fill: its data directory and the project the events belong to (as `startStoreServer` gives). */
export interface FixtureTarget {
  dataDir: string;
  projectId: string | number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** mulberry32: a small seeded generator, so a fixture is the same on every run. */
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

export async function seedTimelineFixture(
  target: FixtureTarget,
  options: TimelineFixtureOptions,
): Promise<TimelineFixture> {
  const projectId = Number(target.projectId);
  const end = options.now ?? Date.now();
  const start = end - options.days * DAY;
  const span = end - start;
  const rand = random(options.seed ?? 14);
  const releases = Array.from({ length: options.releases }, (_, i) => `app@1.0.${i}`);
  const environments = ['production', 'staging', 'development', 'canary', 'qa'].slice(
    0,
    options.environments,
  );
  for (let i = environments.length; i < options.environments; i++) environments.push(`env-${i}`);
  // Release i ships at start + i/R of the window.
  const shipped = releases.map((_, i) => start + Math.floor((i * span) / options.releases));

  const sqlite = new SQLite(join(target.dataDir, 'store.sqlite'));
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -262144');
    sqlite.pragma('busy_timeout = 10000');
    const org = sqlite.prepare('select organization_id from projects where id = ?').pluck().get(projectId) as
      | number
      | undefined;
    if (org === undefined) throw new Error(`seedTimelineFixture: project ${projectId} does not exist`);
    const result = sqlite.transaction(() => {
      recordReleases(sqlite, org, projectId, releases, shipped, environments);
      const issues = createIssues(sqlite, projectId, options.issues, start);
      const written = writeEvents(sqlite, {
        projectId,
        start,
        span,
        rand,
        releases,
        shipped,
        environments,
        issues,
        count: options.events,
      });
      if (options.sessions)
        writeSessions(sqlite, {
          projectId,
          start,
          span,
          rand,
          releases,
          shipped,
          environments,
          count: options.sessions,
        });
      // Discover's rollup leaves these events to its scan, as before its watermark (migration
      // 0020): counting a million events in at the next start would cost that start minutes.
      sqlite.prepare('update discover_rollup_watermark set event_id = (select max(id) from events)').run();
      return { issueIds: issues.map((issue) => issue.id), rollupRows: written };
    })();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return { projectId, releases, environments, start, end, events: options.events, ...result };
  } finally {
    sqlite.close();
  }
}

function recordReleases(
  sqlite: SQLite.Database,
  org: number,
  projectId: number,
  releases: string[],
  shipped: number[],
  environments: string[],
): void {
  const release = sqlite.prepare(
    `insert into releases (organization_id, version, date_created, date_started, date_released)
     values (?, ?, ?, ?, ?) on conflict do nothing returning id`,
  );
  const link = sqlite.prepare(
    'insert or ignore into release_projects (release_id, project_id) values (?, ?)',
  );
  const deploy = sqlite.prepare(
    `insert into deploys (release_id, environment, name, url, date_started, date_finished) values (?, ?, null, null, ?, ?)`,
  );
  for (const [i, version] of releases.entries()) {
    const at = shipped[i]!;
    const row = release.get(org, version, at, at, at + 5 * 60_000) as { id: number } | undefined;
    if (!row) continue;
    link.run(row.id, projectId);
    // Later environments deploy a little later, as a pipeline promotes a build.
    for (const [e, environment] of environments.entries())
      deploy.run(row.id, environment, at + e * 600_000, at + e * 600_000 + 120_000);
  }
}

interface FixtureIssue {
  id: number;
  /** The normalized event as JSON, with tokens where each event's own values go. */
  template: string[];
  raw: string[];
  times: number;
  first: number;
  last: number;
  firstRelease: string | null;
  lastRelease: string | null;
  tags: Map<string, { n: number; first: number; last: number }>;
}

const TOKEN = {
  eventId: 'ffffffffffffffffffffffffffffff01',
  timestamp: 4_102_444_800_123,
  release: 'qqfixturereleaseqq',
  environment: 'qqfixtureenvqq',
};

function createIssues(
  sqlite: SQLite.Database,
  projectId: number,
  count: number,
  start: number,
): FixtureIssue[] {
  const nextShortId = sqlite
    .prepare('update projects set next_short_id = next_short_id + ? where id = ? returning next_short_id')
    .pluck()
    .get(count, projectId) as number;
  const insertIssue = sqlite.prepare(
    `insert into issues (project_id, short_id_num, title, culprit, level, type, platform, logger, status, substatus,
       status_details, metadata, search_text, is_unhandled, first_seen, last_seen, times_seen, user_count,
       first_release, last_release)
     values (?, ?, ?, ?, 'error', 'error', 'node', null, 'unresolved', 'new', '{}', ?, ?, 0, ?, ?, 0, 0, null, null)`,
  );
  const insertHash = sqlite.prepare(
    'insert or ignore into issue_hashes (project_id, hash, issue_id) values (?, ?, ?)',
  );
  const issues: FixtureIssue[] = [];
  for (let i = 0; i < count; i++) {
    const raw = {
      event_id: TOKEN.eventId,
      timestamp: TOKEN.timestamp / 1000,
      platform: 'node',
      level: 'error',
      release: TOKEN.release,
      environment: TOKEN.environment,
      exception: {
        values: [
          {
            type: i % 3 === 0 ? 'TypeError' : 'Error',
            value: `fixture failure ${i}`,
            mechanism: { type: 'generic', handled: true },
            stacktrace: {
              frames: [
                {
                  filename: `/app/src/feature-${i % 40}.js`,
                  function: `handle${i}`,
                  lineno: 10 + (i % 90),
                  in_app: true,
                },
              ],
            },
          },
        ],
      },
    };
    const event = normalizeEvent(raw, { projectId, receivedAt: TOKEN.timestamp });
    const { lastInsertRowid } = insertIssue.run(
      projectId,
      nextShortId - count + i,
      event.title,
      event.culprit,
      JSON.stringify(event.metadata),
      searchTextOf(event),
      start,
      start,
    );
    const id = Number(lastInsertRowid);
    for (const hash of computeGroupingHashes(event).hashes) insertHash.run(projectId, hash, id);
    issues.push({
      id,
      template: splitOnTokens(JSON.stringify({ ...event, receivedAt: TOKEN.timestamp })),
      raw: splitOnTokens(JSON.stringify(raw)),
      times: 0,
      first: Number.POSITIVE_INFINITY,
      last: 0,
      firstRelease: null,
      lastRelease: null,
      tags: new Map(),
    });
  }
  return issues;
}

/** The JSON cut at each token, so an event is its pieces joined with its own values. */
function splitOnTokens(json: string): string[] {
  return json.split(
    /(ffffffffffffffffffffffffffffff01|4102444800123|4102444800\.123|qqfixturereleaseqq|qqfixtureenvqq)/,
  );
}

function fill(
  pieces: string[],
  values: { eventId: string; timestamp: number; release: string; environment: string },
): string {
  let out = '';
  for (const piece of pieces) {
    if (piece === 'ffffffffffffffffffffffffffffff01') out += values.eventId;
    else if (piece === '4102444800123') out += String(values.timestamp);
    else if (piece === '4102444800.123') out += String(values.timestamp / 1000);
    else if (piece === 'qqfixturereleaseqq') out += values.release;
    else if (piece === 'qqfixtureenvqq') out += values.environment;
    else out += piece;
  }
  return out;
}

interface Spread {
  projectId: number;
  start: number;
  span: number;
  rand: () => number;
  releases: string[];
  shipped: number[];
  environments: string[];
}

/** The release live at `t` (the newest shipped), or, one time in five, the one before it. */
function releaseAt(spread: Spread, t: number): string {
  let index = Math.min(
    spread.releases.length - 1,
    Math.floor(((t - spread.start) / spread.span) * spread.releases.length),
  );
  while (index > 0 && spread.shipped[index]! > t) index--;
  if (index > 0 && spread.rand() < 0.2) index--;
  return spread.releases[index]!;
}

/** Environment 0 takes about half the events, each next one half of the rest. */
function environmentOf(spread: Spread): string {
  let index = 0;
  while (index < spread.environments.length - 1 && spread.rand() < 0.5) index++;
  return spread.environments[index]!;
}

function writeEvents(
  sqlite: SQLite.Database,
  spread: Spread & { issues: FixtureIssue[]; count: number },
): number {
  const { projectId, issues, count } = spread;
  const insertEvent = sqlite.prepare(
    `insert into events (event_id, project_id, issue_id, timestamp, received_at, data, raw, raw_encoding, size)
     values (?, ?, ?, ?, ?, ?, ?, 'identity', ?)`,
  );
  // Times in order, so each issue's first written event is its earliest, as ingest would see them.
  const times = Array.from(
    { length: count },
    () => spread.start + Math.floor(spread.rand() * spread.span),
  ).sort((a, b) => a - b);
  const rollup = new Map<
    string,
    {
      issue: FixtureIssue;
      bucket: number;
      release: string;
      environment: string;
      events: number;
      newIssues: number;
    }
  >();
  const prefix = Math.floor(spread.rand() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
  for (const [n, timestamp] of times.entries()) {
    // A long tail: issue k gets about 1/(k+1) of the events.
    const issue = issues[Math.min(issues.length - 1, Math.floor((issues.length + 1) ** spread.rand()) - 1)]!;
    const release = releaseAt(spread, timestamp);
    const environment = environmentOf(spread);
    const eventId = `${prefix}${n.toString(16).padStart(24, '0')}`;
    const values = { eventId, timestamp, release, environment };
    const raw = fill(issue.raw, values);
    insertEvent.run(
      eventId,
      projectId,
      issue.id,
      timestamp,
      timestamp,
      fill(issue.template, values),
      raw,
      raw.length,
    );
    const isNew = issue.times === 0;
    issue.times++;
    issue.first = Math.min(issue.first, timestamp);
    issue.last = Math.max(issue.last, timestamp);
    issue.firstRelease ??= release;
    issue.lastRelease = release;
    for (const tag of [`release\u0000${release}`, `environment\u0000${environment}`, 'level\u0000error']) {
      const seen = issue.tags.get(tag);
      if (seen) {
        seen.n++;
        seen.last = timestamp;
      } else issue.tags.set(tag, { n: 1, first: timestamp, last: timestamp });
    }
    const bucket = hourOf(timestamp);
    const key = `${issue.id}\u0000${bucket}\u0000${release}\u0000${environment}`;
    const row = rollup.get(key);
    if (row) {
      row.events++;
      if (isNew) row.newIssues++;
    } else rollup.set(key, { issue, bucket, release, environment, events: 1, newIssues: isNew ? 1 : 0 });
  }
  finishIssues(sqlite, issues);
  return writeRollup(sqlite, projectId, rollup.values());
}

function finishIssues(sqlite: SQLite.Database, issues: FixtureIssue[]): void {
  const update = sqlite.prepare(
    `update issues set times_seen = ?, first_seen = ?, last_seen = ?, first_release = ?, last_release = ? where id = ?`,
  );
  const tag = sqlite.prepare(
    'insert into issue_tags (issue_id, key, value, times_seen, first_seen, last_seen) values (?, ?, ?, ?, ?, ?)',
  );
  const remove = sqlite.prepare('delete from issue_hashes where issue_id = ?');
  const removeIssue = sqlite.prepare('delete from issues where id = ?');
  for (const issue of issues) {
    if (issue.times === 0) {
      // An issue without events does not exist after ingest.
      remove.run(issue.id);
      removeIssue.run(issue.id);
      continue;
    }
    update.run(issue.times, issue.first, issue.last, issue.firstRelease, issue.lastRelease, issue.id);
    for (const [key, seen] of issue.tags) {
      const [name, value] = key.split('\u0000');
      tag.run(issue.id, name, value, seen.n, seen.first, seen.last);
    }
  }
}

function writeRollup(
  sqlite: SQLite.Database,
  projectId: number,
  rows: Iterable<{
    issue: FixtureIssue;
    bucket: number;
    release: string;
    environment: string;
    events: number;
    newIssues: number;
  }>,
): number {
  const perIssue = sqlite.prepare(
    `insert into event_rollup (issue_id, bucket, release, environment, project_id, events, new_issues)
     values (?, ?, ?, ?, ?, ?, ?)`,
  );
  const perProject = new Map<
    string,
    { bucket: number; release: string; environment: string; events: number; newIssues: number }
  >();
  let count = 0;
  for (const row of rows) {
    perIssue.run(
      row.issue.id,
      row.bucket,
      row.release,
      row.environment,
      projectId,
      row.events,
      row.newIssues,
    );
    count++;
    const key = `${row.bucket}\u0000${row.release}\u0000${row.environment}`;
    const sum = perProject.get(key);
    if (sum) {
      sum.events += row.events;
      sum.newIssues += row.newIssues;
    } else
      perProject.set(key, {
        bucket: row.bucket,
        release: row.release,
        environment: row.environment,
        events: row.events,
        newIssues: row.newIssues,
      });
  }
  const insertProject = sqlite.prepare(
    `insert into event_rollup_project (project_id, bucket, release, environment, events, new_issues)
     values (?, ?, ?, ?, ?, ?)
     on conflict (project_id, bucket, release, environment) do update set
       events = events + excluded.events, new_issues = new_issues + excluded.new_issues`,
  );
  for (const sum of perProject.values())
    insertProject.run(projectId, sum.bucket, sum.release, sum.environment, sum.events, sum.newIssues);
  return count;
}

/** Sessions as Node's `sessions` aggregates: summed per hour, release and environment. */
function writeSessions(sqlite: SQLite.Database, spread: Spread & { count: number }): void {
  const add = sqlite.prepare(
    `insert into session_aggregates (project_id, release, environment, bucket, total, errored, crashed, abnormal)
     values (?, ?, ?, ?, 1, ?, ?, 0)
     on conflict (project_id, bucket, release, environment) do update set
       total = total + 1, errored = errored + excluded.errored, crashed = crashed + excluded.crashed`,
  );
  for (let i = 0; i < spread.count; i++) {
    const t = spread.start + Math.floor(spread.rand() * spread.span);
    const roll = spread.rand();
    const crashed = roll < 0.005 ? 1 : 0;
    add.run(
      spread.projectId,
      releaseAt(spread, t),
      environmentOf(spread),
      hourOf(t),
      roll < 0.02 ? 1 : 0,
      crashed,
    );
  }
}
