/**
 * Which event of the issue the page shows, and the way to the others: older, newer and latest are
 * links (`/:org/issues/:issue/events/:eventId`), so every event has a URL to share and Back walks
 * the events seen. The keys `[`, `]` and `l` (issue-keymap.ts) follow the same links.
 */
import type { IssueEvent } from '@dexter/contracts';
import { Button, Code, Group, Paper, Text } from '@mantine/core';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { RelativeTime } from '../../components/RelativeTime';
import { useNow } from '../../lib/use-now';
import { ISSUE_PAGE_KEYMAP } from '../triage/issue-keymap';
import { useKeymap } from '../triage/use-keymap';

interface EventNavigatorProps {
  /** `/:org/issues/:issue`, as in the current URL (an id or a short id). */
  issuePath: string;
  /** The `eventId` of the URL: an id, `latest`, or null for the issue's own URL (the latest). */
  requested: string | null;
  current: IssueEvent | undefined;
}

export function EventNavigator({ issuePath, requested, current }: EventNavigatorProps) {
  const navigate = useNavigate();
  // Carried along so "Issues" still goes back to the stream the user came from.
  const state: unknown = useLocation().state;
  const now = useNow();
  const eventPath = (eventId: string) => `${issuePath}/events/${encodeURIComponent(eventId)}`;
  const older = current?.previousEventId ?? null;
  const newer = current?.nextEventId ?? null;
  const isLatest = current ? newer === null : requested === null || requested === 'latest';

  useKeymap(ISSUE_PAGE_KEYMAP, (command) => {
    if (command === 'olderEvent' && older) navigate(eventPath(older), { state });
    else if (command === 'newerEvent' && newer) navigate(eventPath(newer), { state });
    else if (command === 'latestEvent' && !isLatest) navigate(eventPath('latest'), { state });
    else return false;
    return true;
  });

  return (
    <Paper withBorder px="md" py="xs" data-testid="event-navigator">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="xs" wrap="nowrap" miw={0}>
          <Text size="sm" fw={600}>
            {isLatest ? 'Latest event' : 'Event'}
          </Text>
          {current && (
            <>
              <Code data-testid="current-event-id">{current.event.id}</Code>
              <Text size="sm" c="dimmed">
                <RelativeTime value={current.event.dateCreated} now={now} />
                {current.event.release ? ` · ${current.event.release}` : ''}
                {current.event.environment ? ` · ${current.event.environment}` : ''}
              </Text>
            </>
          )}
        </Group>
        <Group gap={6} wrap="nowrap">
          <NavButton
            to={older && eventPath(older)}
            state={state}
            testId="event-older"
            title="Older event ([)"
          >
            ← Older
          </NavButton>
          <NavButton
            to={newer && eventPath(newer)}
            state={state}
            testId="event-newer"
            title="Newer event (])"
          >
            Newer →
          </NavButton>
          <NavButton
            to={isLatest ? null : eventPath('latest')}
            state={state}
            testId="event-latest"
            title="Latest event (l)"
          >
            Latest
          </NavButton>
        </Group>
      </Group>
    </Paper>
  );
}

function NavButton({
  to,
  state,
  testId,
  title,
  children,
}: {
  to: string | null;
  state: unknown;
  testId: string;
  title: string;
  children: string;
}) {
  return to ? (
    <Button
      component={Link}
      to={to}
      state={state}
      size="compact-sm"
      variant="default"
      data-testid={testId}
      title={title}
    >
      {children}
    </Button>
  ) : (
    <Button size="compact-sm" variant="default" disabled data-testid={testId} title={title}>
      {children}
    </Button>
  );
}
