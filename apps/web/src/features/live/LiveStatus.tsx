/**
 * The connection indicator in the header: live, connecting or reconnecting, offline, and whether
 * the upstream is degraded (answers may be stale). `data-state` carries the status for tests.
 */
import { Group, Text, Tooltip } from '@mantine/core';
import type { LiveState } from './live-state';
import { useLiveState } from './use-live';

function describe(state: LiveState): { label: string; color: string; hint: string } {
  if (state.status === 'live' && state.degraded) {
    return { label: 'Live · degraded', color: 'orange', hint: state.degraded };
  }
  switch (state.status) {
    case 'live':
      return { label: 'Live', color: 'green', hint: 'New issues and counts arrive as they happen' };
    case 'connecting':
      return { label: 'Connecting', color: 'gray', hint: 'Opening the live connection' };
    case 'reconnecting':
      return { label: 'Reconnecting', color: 'yellow', hint: 'The live connection dropped; retrying' };
    case 'offline':
      return { label: 'Offline', color: 'red', hint: 'The browser is offline' };
    case 'signed-out':
      return { label: 'Not live', color: 'red', hint: 'The session ended; sign in again' };
  }
}

export function LiveStatus() {
  const state = useLiveState();
  const { label, color, hint } = describe(state);
  return (
    <Tooltip label={hint}>
      <Group
        gap={6}
        wrap="nowrap"
        data-testid="live-status"
        data-state={state.status}
        data-degraded={state.degraded ? 'true' : 'false'}
        aria-live="polite"
      >
        <span
          aria-hidden
          style={{ width: 8, height: 8, borderRadius: '50%', background: `var(--mantine-color-${color}-6)` }}
        />
        <Text size="xs" c="dimmed" visibleFrom="xs">
          {label}
        </Text>
      </Group>
    </Tooltip>
  );
}
