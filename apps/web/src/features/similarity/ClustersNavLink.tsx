/** Header navigation of an organization: its issue stream, its clusters of duplicates, its releases. */
import { Anchor, Group } from '@mantine/core';
import { Link, useMatch } from 'react-router-dom';

/** The header's links between the organization's issue stream and its clusters of duplicates. */
export function ClustersNavLink() {
  const org = useMatch('/:org/*')?.params.org;
  const onClusters = useMatch('/:org/clusters') !== null;
  const onReleases = useMatch('/:org/releases/*') !== null;
  if (!org || org === 'settings' || org === 'admin') return null;
  const base = `/${encodeURIComponent(org)}`;
  return (
    <Group gap="md" wrap="nowrap">
      <Anchor
        component={Link}
        to={`${base}/issues`}
        size="sm"
        fw={onClusters || onReleases ? 400 : 700}
        data-testid="nav-issues"
      >
        Issues
      </Anchor>
      <Anchor
        component={Link}
        to={`${base}/clusters`}
        size="sm"
        fw={onClusters ? 700 : 400}
        data-testid="nav-clusters"
      >
        Clusters
      </Anchor>
      <Anchor
        component={Link}
        to={`${base}/releases`}
        size="sm"
        fw={onReleases ? 700 : 400}
        data-testid="nav-releases"
      >
        Releases
      </Anchor>
    </Group>
  );
}
