/** Small pieces both release pages show the same way: the status and a deploy's environment. */

import type { Release } from '@dexter/contracts';
import { Badge } from '@mantine/core';

/** Finalized once it has a release date; until then Sentry calls it "not finalized". */
export function ReleaseStatusBadge({ release }: { release: Pick<Release, 'dateReleased'> }) {
  return release.dateReleased ? (
    <Badge color="green" variant="light" data-testid="release-status">
      finalized
    </Badge>
  ) : (
    <Badge color="gray" variant="light" data-testid="release-status">
      not finalized
    </Badge>
  );
}

const ENVIRONMENT_COLOR: Record<string, string> = { production: 'red', prod: 'red', staging: 'yellow' };

export function EnvironmentBadge({ environment }: { environment: string | null }) {
  const name = environment ?? 'unknown';
  return (
    <Badge
      color={ENVIRONMENT_COLOR[name.toLowerCase()] ?? 'blue'}
      variant="light"
      tt="none"
      data-testid="deploy-environment"
    >
      {name}
    </Badge>
  );
}
