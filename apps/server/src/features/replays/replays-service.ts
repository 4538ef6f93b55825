/**
 * Replays through the upstream pipeline, the same calls for sentry.io and the built-in store:
 * - a project's replays, newest first (`replays/?project=`);
 * - the replays of an issue: `replay-count` with `returnIds` gives their ids, then one list call
 *   with `query=id:[…]` (what Sentry's own issue page does);
 * - one replay for the player: its row, every recording segment (pages of 100, at most
 *   MAX_SEGMENT_PAGES) flattened into one rrweb event list, and its errors with their times and
 *   issues from Discover (`id:[…]`), so the player can mark them on the timeline. Discover's
 *   times are whole seconds (in Sentry too); a session's clicks are milliseconds apart, so the
 *   first MAX_PRECISE_ERRORS errors take their exact time from the event itself.
 */
import type { ReplayDetail, ReplayError, ReplaySummary } from '@dexter/contracts';
import type { SentryClient } from '@dexter/sentry-client';
import type { ReplayRow, ReplaysUpstream } from './replays-upstream';

export const DEFAULT_REPLAY_PERIOD = '30d';
const LIST_SIZE = 50;
/** 100 segments a page: 1,000 segments is over an hour of recording (Sentry stops at 60 minutes). */
const MAX_SEGMENT_PAGES = 10;
const MAX_ERRORS = 50;
const MAX_PRECISE_ERRORS = 10;

export interface ReplaysServiceDeps {
  replays: ReplaysUpstream;
  sentry: Pick<SentryClient, 'discover' | 'events'>;
}

export function createReplaysService({ replays, sentry }: ReplaysServiceDeps) {
  return {
    async list(
      org: string,
      params: { project?: string; issueId?: string; statsPeriod?: string },
    ): Promise<ReplaySummary[]> {
      const statsPeriod = params.statsPeriod ?? DEFAULT_REPLAY_PERIOD;
      let query: string | undefined;
      if (params.issueId !== undefined) {
        const ids = await replays.idsForIssue(org, params.issueId, statsPeriod);
        if (ids.length === 0) return [];
        query = `id:[${ids.slice(0, LIST_SIZE).join(',')}]`;
      }
      const rows = await replays.list(org, {
        project: params.project,
        query,
        statsPeriod,
        perPage: LIST_SIZE,
      });
      return rows.map(summaryOf);
    },

    async get(org: string, replayId: string): Promise<ReplayDetail> {
      const id = replayId.toLowerCase();
      const row = await replays.get(org, id);
      const events: Record<string, unknown>[] = [];
      let cursor: string | undefined;
      let truncated = false;
      for (let page = 0; ; page++) {
        if (page === MAX_SEGMENT_PAGES) {
          truncated = true;
          break;
        }
        const { segments, nextCursor } = await replays.segments(org, row.project_id, id, cursor);
        for (const segment of segments) events.push(...segment);
        if (nextCursor === null) break;
        cursor = nextCursor;
      }
      const summary = summaryOf(row);
      return { replay: summary, events, errors: await errorsOf(org, summary), truncated };
    },
  };

  async function errorsOf(org: string, replay: ReplaySummary): Promise<ReplayError[]> {
    const ids = replay.errorIds.slice(0, MAX_ERRORS);
    if (ids.length === 0) return [];
    const table = await sentry.discover.table(org, {
      field: ['id', 'issue.id', 'title', 'level', 'timestamp'],
      query: `id:[${ids.join(',')}]`,
      project: [replay.projectId],
      // Errors happen within the replay; a day either side covers clock skew between SDK and server.
      start: new Date((replay.startedAt ?? Date.now()) - 86_400_000).toISOString(),
      end: new Date((replay.finishedAt ?? Date.now()) + 86_400_000).toISOString(),
      sort: 'timestamp',
      perPage: MAX_ERRORS,
    });
    const found = new Map(table.data.map((row) => [String(row.id), row]));
    const rows = ids.map((eventId) => {
      const row = found.get(eventId);
      const time = row?.timestamp == null ? null : Date.parse(String(row.timestamp));
      return {
        eventId,
        issueId: row?.['issue.id'] == null ? null : String(row['issue.id']),
        title: row?.title == null ? 'Error' : String(row.title),
        level: row?.level == null ? null : String(row.level),
        timestamp: time === null || Number.isNaN(time) ? null : time,
      };
    });
    await Promise.all(rows.slice(0, MAX_PRECISE_ERRORS).map((row) => refineTime(org, row)));
    return rows;
  }

  async function refineTime(org: string, row: ReplayError): Promise<void> {
    if (row.issueId === null) return;
    const event = await sentry.events.getForIssue(org, row.issueId, row.eventId);
    const exact = event.dateCreated ? Date.parse(event.dateCreated) : Number.NaN;
    if (!Number.isNaN(exact)) row.timestamp = exact;
  }
}

export type ReplaysService = ReturnType<typeof createReplaysService>;

const timeOf = (iso: string | null | undefined) => {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
};

const nameVersion = (value: { name?: string | null; version?: string | null } | null | undefined) =>
  value?.name ? [value.name, value.version].filter(Boolean).join(' ') : null;

export function summaryOf(row: ReplayRow): ReplaySummary {
  const errorIds = row.error_ids ?? [];
  return {
    id: row.id,
    projectId: row.project_id,
    startedAt: timeOf(row.started_at),
    finishedAt: timeOf(row.finished_at),
    durationSeconds: row.duration ?? null,
    countErrors: row.count_errors ?? errorIds.length,
    countSegments: row.count_segments ?? 0,
    urls: row.urls ?? [],
    user: row.user?.display_name ?? null,
    browser: nameVersion(row.browser),
    os: nameVersion(row.os),
    environment: row.environment ?? null,
    releases: row.releases ?? [],
    replayType: row.replay_type ?? 'session',
    errorIds,
  };
}
