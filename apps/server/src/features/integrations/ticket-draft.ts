/**
 * What a new ticket says about a Dexter issue: its title, the error and its figures, the top
 * in-app frames of the latest event (crashing frame first) and the link back to Dexter.
 */
import type { IssueDetail } from '@dexter/contracts';
import type { TicketDraft } from './vendors/ticket-port';

export const TOP_FRAMES = 5;

export function topInAppFrames(detail: IssueDetail, limit = TOP_FRAMES): string[] {
  const exceptions = detail.latestEvent?.exceptions ?? [];
  // Sentry lists chained exceptions oldest cause first: the last one is what was thrown.
  const thrown = exceptions[exceptions.length - 1];
  if (!thrown) return [];
  return [...thrown.frames]
    .reverse()
    .filter((frame) => frame.inApp)
    .slice(0, limit)
    .map((frame) => {
      const where = frame.filename ?? frame.absPath ?? frame.module ?? '?';
      const line = frame.lineNo === null ? '' : `:${frame.lineNo}`;
      return `at ${frame.function ?? '<anonymous>'} (${where}${line})`;
    });
}

export function ticketDraft(
  detail: IssueDetail,
  issueUrl: string,
  overrides: { title?: string; labels: readonly string[] },
): TicketDraft {
  const { issue } = detail;
  const error = [issue.metadata.type, issue.metadata.value].filter(Boolean).join(': ') || issue.title;
  const seen = issue.firstSeen ? `, first seen ${issue.firstSeen}` : '';
  return {
    title: overrides.title ?? `${issue.shortId}: ${issue.title}`.slice(0, 250),
    summary: `${error}\n\n${issue.count} events, ${issue.userCount} users in ${issue.project.slug}${seen}.`,
    frames: topInAppFrames(detail),
    labels: overrides.labels,
    backLink: { url: issueUrl, title: `${issue.shortId} ${issue.title}`.slice(0, 200) },
  };
}

/** Issues beyond this many are counted, not listed, in a ticket for many issues. */
export const LISTED_ISSUES = 50;

/**
 * One ticket about several issues: the first issue's error and frames (the one the user put first),
 * then every issue with its figures and link back.
 */
export function ticketDraftForMany(
  issues: ReadonlyArray<{ detail: IssueDetail; url: string }>,
  overrides: { title?: string; labels: readonly string[] },
): TicketDraft {
  const [first, ...rest] = issues;
  if (!first) throw new Error('a ticket needs at least one issue');
  if (rest.length === 0) return ticketDraft(first.detail, first.url, overrides);
  const base = ticketDraft(first.detail, first.url, overrides);
  const lines = issues
    .slice(0, LISTED_ISSUES)
    .map(
      ({ detail: { issue }, url }) =>
        `- ${issue.shortId} ${issue.title.slice(0, 150)} (${issue.count} events, ${issue.userCount} users): ${url}`,
    );
  if (issues.length > LISTED_ISSUES) lines.push(`- and ${issues.length - LISTED_ISSUES} more`);
  const { issue } = first.detail;
  return {
    ...base,
    title: overrides.title ?? `${issue.shortId} and ${rest.length} more: ${issue.title}`.slice(0, 250),
    summary: `${base.summary}\n\n${issues.length} issues:\n${lines.join('\n')}`,
  };
}
