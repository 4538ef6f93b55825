/**
 * Routing beyond projects. An issue assigned to a team posts to the routes of that team; an issue
 * assigned to a user is sent to them as a Slack direct message (the Slack user with the same
 * e-mail, on each Slack connection of the organization); an alert rule's firing posts to the
 * routes of that rule. Changes do not say what changed (`issue.updated` names the status), so the
 * issue is read back, and the delivery log says who was last told: an assignee is told once per
 * assignment, not at every later update.
 */

import type { ChatDelivery } from './chat-delivery';
import type { ChatIssuePort } from './chat-issue-port';
import type { ChatOutbox } from './chat-outbox';
import type { ChatStore } from './chat-store';

export function createChatAssignments(deps: {
  store: Pick<ChatStore, 'connections' | 'routes' | 'routesMatching'>;
  outbox: Pick<ChatOutbox, 'latestAbout'>;
  delivery: Pick<ChatDelivery, 'enqueue' | 'enqueueForRoute'>;
  issues: Pick<ChatIssuePort, 'get'>;
}) {
  const { store, outbox, delivery, issues } = deps;

  return {
    /** An issue changed: tell a new team or user assignee. */
    async issueUpdated(org: string, issueId: string, by: string | null): Promise<void> {
      const teamRoutes = (await store.routes(org)).filter((route) => route.team !== '');
      const slackConnections = (await store.connections(org)).filter((row) => row.kind === 'slack');
      if (teamRoutes.length === 0 && slackConnections.length === 0) return;
      const assignee = (await issues.get(org, issueId)).assignedTo;
      if (!assignee) return;
      if (assignee.type === 'team') {
        const reason = `Assigned to #${assignee.name}${by ? ` by ${by}` : ''}`;
        for (const route of teamRoutes.filter((one) => one.team === assignee.name)) {
          const latest = await outbox.latestAbout(org, issueId, 'issue', route.id);
          if (latest?.reason.startsWith(`Assigned to #${assignee.name}`)) continue;
          await delivery.enqueueForRoute(route, issueId, reason);
        }
        return;
      }
      const email = assignee.email?.toLowerCase();
      if (!email) return;
      const latest = await outbox.latestAbout(org, issueId, 'dm');
      if (latest && (JSON.parse(latest.payload) as { email?: string }).email === email) return;
      for (const connection of slackConnections)
        await delivery.enqueue({
          org,
          connection_id: connection.id,
          route_id: null,
          channel: `@${email}`,
          kind: 'dm',
          issue_id: issueId,
          reason: `Assigned to you${by ? ` by ${by}` : ''}`,
          payload: JSON.stringify({ email }),
        });
    },

    /** An alert rule fired for an issue: post to the rule's routes. */
    async alertFired(org: string, ruleId: string, issueId: string, title: string): Promise<void> {
      for (const route of await store.routesMatching(org, { alertRule: ruleId }))
        await delivery.enqueueForRoute(route, issueId, `Alert: ${title}`);
    },
  };
}
