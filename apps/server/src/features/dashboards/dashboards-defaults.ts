/**
 * The dashboard every team gets the first time its organization's dashboards are listed: its
 * unresolved issues, the issues new this week, events over time, the latest releases with
 * their health and the alert rules with when they last fired. Teams come from the upstream (`organizations.teams`: Sentry's, or the store's).
 * A team keeps at least this one: a deleted default comes back on the next listing.
 */
import type { DashboardCreate } from '@dexter/contracts';

export function defaultTeamDashboard(team: string): DashboardCreate {
  return {
    name: `#${team} overview`,
    scope: 'team',
    team,
    period: '14d',
    environment: null,
    widgets: [
      {
        id: 'team-issues',
        title: `Unresolved issues of #${team}`,
        kind: 'issues',
        query: `is:unresolved assigned:#${team}`,
        layout: { x: 0, y: 0, w: 6, h: 5 },
      },
      {
        id: 'new-issues',
        title: 'New issues this week',
        kind: 'issues',
        query: 'is:unresolved firstSeen:-7d',
        layout: { x: 6, y: 0, w: 6, h: 5 },
      },
      {
        id: 'events',
        title: 'Events over time',
        kind: 'area',
        query: 'field=count()&statsPeriod=14d',
        layout: { x: 0, y: 5, w: 8, h: 4 },
      },
      {
        id: 'users',
        title: 'Users affected',
        kind: 'number',
        query: 'field=count_unique(user)&statsPeriod=14d',
        layout: { x: 8, y: 5, w: 4, h: 4 },
      },
      {
        id: 'releases',
        title: 'Releases and their health',
        kind: 'releases',
        query: '',
        layout: { x: 0, y: 9, w: 7, h: 4 },
      },
      {
        id: 'alerts',
        title: 'Alerts and their last firings',
        kind: 'alerts',
        query: '',
        layout: { x: 7, y: 9, w: 5, h: 4 },
      },
    ],
  };
}
