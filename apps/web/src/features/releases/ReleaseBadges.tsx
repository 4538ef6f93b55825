/** Small pieces both release pages show the same way: the status and a deploy's environment. */

import type { Release } from '@dexter/contracts';
import { Badge, Text } from '@mantine/core';

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

/** A crash-free rate (percent) coloured as release managers read it: ≥ 99.5 good, ≥ 98 watch, else bad. */
export function CrashFreeBadge({ value }: { value: number | null }) {
  if (value === null) {
    return (
      <Text size="sm" c="dimmed" title="No sessions in the last 24 hours">
        —
      </Text>
    );
  }
  const color = value >= 99.5 ? 'green' : value >= 98 ? 'yellow' : 'red';
  return (
    <Badge color={color} variant="light" tt="none" ff="monospace">
      {value >= 99.995 ? '100' : value.toFixed(2)}%
    </Badge>
  );
}
