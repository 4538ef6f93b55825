/**
 * The issue detail facade: issue, latest event, tags, the first page of events, stats and
 * activity, fetched in parallel (one upstream round trip of wall time, not six). Each part
 * settles on its own; a part that fails comes back as `{ok: false, error}` with the code and
 * message the error handler would have used, and the others still arrive.
 */
import type { IssueContext, PartError } from '@dexter/contracts';
import { type SentryClient, SentryNotFoundError, SentryUpstreamError } from '@dexter/sentry-client';
import { DexterError } from '../../errors/error-codes';
import { toEvent } from '../../sentry-mapping/event-mapper';
import { toIssue } from '../../sentry-mapping/issue-mapper';

export interface IssueContextDeps {
  sentry: Pick<SentryClient, 'issues' | 'events'>;
}

type Part<T> = { ok: true; data: T } | { ok: false; error: PartError };

function partError(error: unknown): PartError {
  if (error instanceof SentryUpstreamError || error instanceof DexterError) {
    return { code: error.code, message: error.message };
  }
  return { code: 'DEXTER_ERR_INTERNAL', message: 'this part could not be loaded' };
}

async function settle<T>(work: Promise<T>): Promise<Part<T>> {
  try {
    return { ok: true, data: await work };
  } catch (error) {
    return { ok: false, error: partError(error) };
  }
}

const userLabel = (
  user: { email?: string | null; username?: string | null; id?: string | null } | null | undefined,
) => (user ? (user.email ?? user.username ?? user.id ?? null) : null);

export function createIssueContextService({ sentry }: IssueContextDeps) {
  return {
    async context(org: string, issueId: string): Promise<IssueContext> {
      const [issue, latestEvent, tags, events, stats, activity] = await Promise.all([
        settle(sentry.issues.get(org, issueId).then(toIssue)),
        settle(
          sentry.events.getForIssue(org, issueId, 'latest').then(toEvent, (error: unknown) => {
            if (error instanceof SentryNotFoundError) return null;
            throw error;
          }),
        ),
        settle(
          sentry.issues.tags(org, issueId, { limit: 5 }).then((all) =>
            all.map((tag) => ({
              key: tag.key,
              totalValues: tag.totalValues ?? 0,
              topValues: (tag.topValues ?? []).map((v) => ({ value: v.value, count: v.count ?? 0 })),
            })),
          ),
        ),
        settle(
          sentry.events.listForIssue(org, issueId, { perPage: 25 }).then((page) => ({
            events: page.data.map((event) => ({
              id: event.eventID ?? event.id,
              dateCreated: event.dateCreated ?? null,
              title: event.title ?? '',
              message: event.message ?? null,
              user: userLabel(event.user),
            })),
            nextCursor: page.page.next,
          })),
        ),
        settle(
          sentry.issues.stats(org, { groups: [issueId], groupStatsPeriod: '24h' }).then((all) => ({
            '24h': all[0]?.stats?.['24h'] ?? [],
          })),
        ),
        settle(
          sentry.issues.activities(org, issueId).then((all) =>
            all.map((entry) => ({
              id: entry.id,
              type: entry.type,
              dateCreated: entry.dateCreated ?? null,
              user: userLabel(entry.user),
              data: entry.data ?? {},
            })),
          ),
        ),
      ]);
      // Without the issue itself there is no detail to show: answer as the issue route would.
      if (!issue.ok && issue.error.code === 'DEXTER_ERR_UPSTREAM_NOT_FOUND') {
        throw new DexterError('DEXTER_ERR_NOT_FOUND', `Issue ${issueId} not found`);
      }
      return { issue, latestEvent, tags, events, stats, activity };
    },
  };
}

export type IssueContextService = ReturnType<typeof createIssueContextService>;
