/**
 * Writes one prepared event inside the caller's transaction: deduplicates by event id (SDKs
 * resend after timeouts), finds the issue by any of the event's grouping hashes (in priority
 * order, like Sentry's app/system variants) or opens a new one, and keeps the issue's counters,
 * distinct users and tag values current. A resolved issue that receives an event regresses
 * (unless its resolution is tied to a later release) and an ignored issue whose condition the
 * event fulfils wakes up, each with its activity entry (`issue-reopen.ts`).
 *
 * SQLite-specific on purpose: this is the ingest hot path, and going through Kysely cost more
 * than the statements themselves (building and compiling each query, a promise per statement).
 * So it runs better-sqlite3 statements prepared once, synchronously; only the rare reopen checks
 * (events of resolved or snoozed issues) go through Kysely, on the same connection. Another
 * dialect would reimplement this file; everything else in the store stays on Kysely.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { StoreDatabase } from '../../db/schema';
import type { StackSignature } from '../grouping/stack-signature';
import type { BodyEncoding } from './event-body';
import { recordRegression, staysResolved, wakeIfSnoozeEnded } from './issue-reopen';
import type { RawEncoding } from './raw-encoding';

/** One event as the ingest workers prepare it: plain data, see `prepare-event.ts`. */
export interface EventToWrite {
  eventId: string;
  projectId: number;
  /** Epoch ms. */
  timestamp: number;
  /** Epoch ms. */
  receivedAt: number;
  release: string | null;
  environment: string | null;
  /** The issue's columns this event sets (a new issue, or the latest event of an issue). */
  issue: {
    title: string;
    culprit: string;
    level: string;
    type: string;
    platform: string;
    logger: string | null;
    /** JSON. */
    metadata: string;
    searchText: string;
    unhandled: boolean;
  };
  /** Most specific first. */
  hashes: string[];
  /** What similarity indexing needs of the exception chain (`stack-signature.ts`). */
  stack: StackSignature | null;
  userKey: string | null;
  tags: Array<[string, string]>;
  /**
   * The normalized event's head (`event-body.ts`), JSON as UTF-8 bytes (stored as TEXT): bytes
   * cross threads for free.
   */
  data: Uint8Array;
  /** The rest of the normalized event, as `bodyEncoding` says; null when it is derived from `raw`. */
  body: Uint8Array | null;
  bodyEncoding: BodyEncoding;
  raw: Uint8Array;
  rawEncoding: RawEncoding;
  /** Bytes of the payload as sent. */
  size: number;
  /** `contexts.trace` of the event (`tracing/error-trace-link.ts`): finds the error on its trace. */
  traceId?: string | null;
  spanId?: string | null;
}

export interface WrittenEvent {
  eventId: string;
  issueId: number;
  isNewIssue: boolean;
  isRegression: boolean;
  duplicate: boolean;
  /**
   * The event's exception chain in brief, for a new issue or a regression only (whose stack may be
   * new to listeners); null for every other event, so listeners hold nothing they do not need.
   */
  stack: StackSignature | null;
}

interface CurrentIssue {
  status: string;
  last_seen: number;
  snooze: string | null;
  resolution: string | null;
}

/** Prepares the statements once, so `sqlite` must be migrated. */
export function createEventWriter(sqlite: Database) {
  const existing = sqlite
    .prepare('select issue_id from events where project_id = ? and event_id = ?')
    .pluck();
  const current = sqlite.prepare<[number], CurrentIssue>(
    'select status, last_seen, snooze, resolution from issues where id = ?',
  );
  const bumpShortId = sqlite
    .prepare(
      `update projects set next_short_id = next_short_id + 1, first_event = coalesce(first_event, @timestamp)
       where id = @projectId returning next_short_id`,
    )
    .pluck();
  const insertIssue = sqlite.prepare(
    `insert into issues (project_id, short_id_num, title, culprit, level, type, platform, logger, status,
       substatus, status_details, metadata, search_text, is_unhandled, first_seen, last_seen, times_seen,
       user_count, first_release, last_release)
     values (@projectId, @shortIdNum, @title, @culprit, @level, @type, @platform, @logger, 'unresolved',
       'new', '{}', @metadata, @searchText, @unhandled, @timestamp, @timestamp, 1, 0, @release, @release)`,
  );
  const counters = `times_seen = times_seen + 1, first_seen = min(first_seen, @timestamp),
    last_seen = max(last_seen, @timestamp), is_unhandled = max(is_unhandled, @unhandled),
    first_release = coalesce(first_release, @release)`;
  const countEvent = sqlite.prepare(`update issues set ${counters} where id = @issueId`);
  // Like Sentry, the issue shows the data of its most recent event.
  const countLatestEvent = sqlite.prepare(
    `update issues set ${counters}, title = @title, culprit = @culprit, level = @level, metadata = @metadata,
       search_text = @searchText, last_release = coalesce(@release, last_release)
     where id = @issueId`,
  );
  const reopen = sqlite.prepare(
    `update issues set status = 'unresolved', substatus = 'regressed', status_details = '{}', resolution = null
     where id = ?`,
  );
  const insertEvent = sqlite.prepare(
    `insert into events (event_id, project_id, issue_id, timestamp, received_at, data, body, body_encoding, raw,
       raw_encoding, size, trace_id, span_id)
     values (@eventId, @projectId, @issueId, @timestamp, @receivedAt, cast(@data as text), @body, @bodyEncoding,
       @raw, @rawEncoding, @size, @traceId, @spanId)`,
  );
  const insertUser = sqlite.prepare(
    'insert into issue_users (issue_id, user_key) values (?, ?) on conflict do nothing',
  );
  const countUser = sqlite.prepare('update issues set user_count = user_count + 1 where id = ?');
  // Statements whose number of values varies, one per arity (hashes: a handful; tags: <= 200).
  const findHashes = byArity((n) =>
    sqlite.prepare(
      `select hash, issue_id from issue_hashes where project_id = ? and hash in (${list(n, '?')})`,
    ),
  );
  const insertHashes = byArity((n) =>
    sqlite.prepare(
      `insert into issue_hashes (project_id, hash, issue_id) values ${list(n, '(?, ?, ?)')}
       on conflict do nothing`,
    ),
  );
  const upsertTags = byArity((n) =>
    sqlite.prepare(
      `insert into issue_tags (issue_id, key, value, times_seen, first_seen, last_seen)
       values ${list(n, '(?, ?, ?, 1, ?, ?)')}
       on conflict (issue_id, key, value) do update set times_seen = issue_tags.times_seen + 1,
         first_seen = min(issue_tags.first_seen, excluded.first_seen),
         last_seen = max(issue_tags.last_seen, excluded.last_seen)`,
    ),
  );

  function createIssue(job: EventToWrite): number {
    const next = bumpShortId.get(job) as number | undefined;
    if (next === undefined) throw new Error(`project ${job.projectId} does not exist`);
    const { lastInsertRowid } = insertIssue.run({ ...issueParams(job), shortIdNum: next - 1 });
    return Number(lastInsertRowid);
  }

  function findIssue(job: EventToWrite): { hash: string; issue_id: number }[] {
    if (job.hashes.length === 0) return [];
    return findHashes(job.hashes.length).all(job.projectId, ...job.hashes) as {
      hash: string;
      issue_id: number;
    }[];
  }

  /**
   * Writes `job` in the open transaction. `connection` is Kysely on the same connection, for the
   * rare reopen checks; only they make this function wait.
   */
  async function write(connection: Kysely<StoreDatabase>, job: EventToWrite): Promise<WrittenEvent> {
    const { eventId } = job;
    const duplicateOf = existing.get(job.projectId, eventId) as number | undefined;
    if (duplicateOf !== undefined) {
      return {
        eventId,
        issueId: duplicateOf,
        isNewIssue: false,
        isRegression: false,
        duplicate: true,
        stack: null,
      };
    }
    const matches = findIssue(job);
    const matched = job.hashes.map((hash) => matches.find((m) => m.hash === hash)).find((m) => m);

    let issueId: number;
    let isRegression = false;
    let snoozed = false;
    if (matched) {
      issueId = matched.issue_id;
      const issue = current.get(issueId);
      if (!issue) throw new Error(`issue ${issueId} of hash ${matched.hash} does not exist`);
      isRegression = issue.status === 'resolved' && !(await staysResolved(connection, issue.resolution, job));
      snoozed = issue.status === 'ignored' && issue.snooze !== null;
      const params = { ...issueParams(job), issueId };
      (job.timestamp >= issue.last_seen ? countLatestEvent : countEvent).run(params);
      if (isRegression) {
        reopen.run(issueId);
        await recordRegression(connection, issueId, job);
      }
    } else {
      issueId = createIssue(job);
    }
    const known = new Set(matches.map((m) => m.hash));
    const newHashes = job.hashes.filter((hash) => !known.has(hash));
    if (newHashes.length > 0) {
      insertHashes(newHashes.length).run(newHashes.flatMap((hash) => [job.projectId, hash, issueId]));
    }

    insertEvent.run({ ...job, issueId, traceId: job.traceId ?? null, spanId: job.spanId ?? null });
    if (job.userKey !== null && insertUser.run(issueId, job.userKey).changes > 0) countUser.run(issueId);
    if (job.tags.length > 0) {
      upsertTags(job.tags.length).run(
        job.tags.flatMap(([key, value]) => [issueId, key, value, job.timestamp, job.timestamp]),
      );
    }
    if (snoozed) await wakeIfSnoozeEnded(connection, issueId, job);
    const stack = !matched || isRegression ? job.stack : null;
    return { eventId, issueId, isNewIssue: !matched, isRegression, duplicate: false, stack };
  }

  return { write };
}

function issueParams(job: EventToWrite) {
  return {
    ...job.issue,
    unhandled: job.issue.unhandled ? 1 : 0,
    projectId: job.projectId,
    timestamp: job.timestamp,
    release: job.release,
  };
}

function list(n: number, item: string): string {
  return Array.from({ length: n }, () => item).join(', ');
}

function byArity(prepare: (n: number) => Statement): (n: number) => Statement {
  const cache = new Map<number, Statement>();
  return (n) => {
    let statement = cache.get(n);
    if (!statement) {
      statement = prepare(n);
      cache.set(n, statement);
    }
    return statement;
  };
}
