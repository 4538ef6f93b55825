/**
 * A digest: the messages a route held (quiet hours, an hourly or daily digest) sent as one. It
 * lists the top issues by events, says how many were new and how many regressed, and links each
 * into Dexter; the same content becomes Block Kit for Slack and an Adaptive Card for Teams.
 */
import type { ChatIssue } from './chat-issue';
import { adaptiveCardMessage } from './teams-card';

/** Issues named in a digest; the rest are counted. */
export const DIGEST_TOP = 10;

export interface DigestPayload {
  /** Why it was held: `quiet hours`, `hourly digest`, `daily digest`. */
  title: string;
  items: Array<{ issueId: string; reason: string }>;
}

export interface Digest {
  title: string;
  total: number;
  newCount: number;
  regressedCount: number;
  /** The top issues by events, each with why it was posted. */
  top: Array<{ issue: ChatIssue; reason: string }>;
}

export function digestOf(
  title: string,
  items: DigestPayload['items'],
  issues: ReadonlyMap<string, ChatIssue>,
): Digest {
  const unique = new Map<string, string>();
  for (const item of items) if (!unique.has(item.issueId)) unique.set(item.issueId, item.reason);
  const reasons = [...unique.values()];
  const top = [...unique]
    .flatMap(([issueId, reason]) => {
      const issue = issues.get(issueId);
      return issue ? [{ issue, reason }] : [];
    })
    .sort((a, b) => b.issue.count - a.issue.count)
    .slice(0, DIGEST_TOP);
  return {
    title,
    total: unique.size,
    newCount: reasons.filter((reason) => /^new/i.test(reason)).length,
    regressedCount: reasons.filter((reason) => /^regress/i.test(reason)).length,
    top,
  };
}

const escapeMrkdwn = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const n = (value: number) => value.toLocaleString('en-US');

export function digestSummary(digest: Digest): string {
  const plural = digest.total === 1 ? 'issue' : 'issues';
  return `Dexter ${digest.title}: ${n(digest.total)} ${plural} (${n(digest.newCount)} new, ${n(digest.regressedCount)} regressed)`;
}

export function digestBlocks(digest: Digest): object[] {
  const lines = digest.top.map(({ issue, reason }) => ({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: `<${issue.url}|*${escapeMrkdwn(issue.shortId)}* ${escapeMrkdwn(issue.title.slice(0, 200))}>\n${n(issue.count)} events · ${n(issue.userCount)} users · ${escapeMrkdwn(reason)} · ${escapeMrkdwn(issue.project)}`,
    },
  }));
  const rest = digest.total - digest.top.length;
  return [
    { type: 'header', text: { type: 'plain_text', text: digestSummary(digest).slice(0, 150), emoji: true } },
    ...lines,
    ...(rest > 0 ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${n(rest)} more` }] }] : []),
  ];
}

export function digestCard(digest: Digest) {
  const body: object[] = [
    { type: 'TextBlock', text: digestSummary(digest), weight: 'Bolder', size: 'Medium', wrap: true },
  ];
  for (const { issue, reason } of digest.top)
    body.push({
      type: 'TextBlock',
      text: `[${issue.shortId}: ${issue.title.slice(0, 200)}](${issue.url}) · ${n(issue.count)} events · ${reason}`,
      wrap: true,
    });
  const rest = digest.total - digest.top.length;
  if (rest > 0) body.push({ type: 'TextBlock', text: `and ${n(rest)} more`, isSubtle: true, wrap: true });
  return adaptiveCardMessage(body);
}
