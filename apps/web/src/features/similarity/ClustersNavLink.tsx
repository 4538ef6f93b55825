/** Header navigation of an organization: its issue stream, its clusters of duplicates, its releases. */
import { Anchor, Group } from '@mantine/core';
import { Link, useMatch } from 'react-router-dom';

/** The organization's pages in the header; Issues is the current one unless another matches. */
const PAGES = [
  { path: 'issues', label: 'Issues' },
  { path: 'clusters', label: 'Clusters' },
  { path: 'releases', label: 'Releases' },
  { path: 'insights', label: 'Insights' },
  { path: 'discover', label: 'Discover' },
  { path: 'performance', label: 'Performance' },
  { path: 'replays', label: 'Replays' },
  { path: 'alerts', label: 'Alerts' },
] as const;

export function ClustersNavLink() {
  const org = useMatch('/:org/*')?.params.org;
  const page = useMatch('/:org/:page/*')?.params.page;
  if (!org || org === 'settings' || org === 'admin') return null;
  const base = `/${encodeURIComponent(org)}`;
  const current = PAGES.some((entry) => entry.path === page) ? page : 'issues';
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
