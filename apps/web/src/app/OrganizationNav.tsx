/** Header navigation of an organization: its issue stream and the pages beside it. */
import { Anchor, Group } from '@mantine/core';
import { Link, useMatch } from 'react-router-dom';
import { useCurrentOrg } from '../features/organizations/use-current-org';

const PAGES = [
  { path: 'issues', label: 'Issues' },
  { path: 'clusters', label: 'Clusters' },
  { path: 'releases', label: 'Releases' },
  { path: 'insights', label: 'Insights' },
  { path: 'discover', label: 'Discover' },
  { path: 'dashboards', label: 'Dashboards' },
  { path: 'performance', label: 'Performance' },
  { path: 'replays', label: 'Replays' },
  { path: 'alerts', label: 'Alerts' },
] as const;

export function OrganizationNav() {
  const { org, inUrl } = useCurrentOrg();
  const page = useMatch('/:org/:page/*')?.params.page;
  if (!org) return null;
  const base = `/${encodeURIComponent(org)}`;
  // On pages outside the list (settings, a trace) and on Dexter's own pages no entry is current.
  const current = inUrl && PAGES.some((entry) => entry.path === page) ? page : undefined;
  return (
    <Group gap="md" wrap="nowrap">
      {PAGES.map((entry) => (
        <Anchor
          key={entry.path}
          component={Link}
          to={`${base}/${entry.path}`}
          size="sm"
          fw={entry.path === current ? 700 : 400}
          data-testid={`nav-${entry.path}`}
        >
          {entry.label}
        </Anchor>
      ))}
    </Group>
  );
}
