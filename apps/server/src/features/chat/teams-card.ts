/**
 * An issue as a Microsoft Teams message: an Adaptive Card (version 1.4, what Teams renders from
 * incoming webhooks and Workflows) in the `message` envelope Teams accepts. Webhook cards cannot
 * carry `Action.Submit`, so the only actions are links: open the issue in Dexter.
 */
import type { ChatIssue } from './chat-issue';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export function issueCard(issue: ChatIssue, reason: string) {
  const facts = [
    { title: 'Events', value: issue.count.toLocaleString('en-US') },
    { title: 'Users', value: issue.userCount.toLocaleString('en-US') },
    { title: 'Release', value: issue.release ?? '—' },
    { title: 'Status', value: issue.status },
    { title: 'Project', value: issue.project },
  ];
  if (issue.assignee) facts.push({ title: 'Assignee', value: issue.assignee });
  const body: object[] = [
    {
      type: 'TextBlock',
      text: `${issue.shortId}: ${issue.title}`,
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
    },
    {
      type: 'TextBlock',
      text: issue.culprit || '(no culprit)',
      isSubtle: true,
      wrap: true,
      fontType: 'Monospace',
    },
    { type: 'FactSet', facts },
  ];
  if (issue.sparkline)
    body.push({ type: 'TextBlock', text: `Last 24 h ${issue.sparkline}`, fontType: 'Monospace', wrap: true });
  body.push({ type: 'TextBlock', text: reason, isSubtle: true, size: 'Small', wrap: true });
  return adaptiveCardMessage(body, [{ type: 'Action.OpenUrl', title: 'Open in Dexter', url: issue.url }]);
}

/** Card elements in the `message` envelope Teams takes from webhooks, as an Adaptive Card 1.4. */
export function adaptiveCardMessage(body: object[], actions?: object[]) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          ...(actions ? { actions } : {}),
        },
      },
    ],
  };
}
