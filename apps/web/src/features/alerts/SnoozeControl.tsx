/**
 * Snooze a rule's notifications for a while, or wake it: a snoozed rule still fires (its history
 * shows each firing as `snoozed`) but sends nothing until the time shown.
 */
import type { AlertSnooze } from '@dexter/contracts';
import { Badge, Button, Group, Menu } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { alertKeys, snoozeRule, snoozesQueryOptions, unsnoozeRule } from './alerts-queries';

const CHOICES = [
  { hours: 1, label: 'for 1 hour' },
  { hours: 8, label: 'for 8 hours' },
  { hours: 24, label: 'for 24 hours' },
  { hours: 168, label: 'for a week' },
];

/** The organization's running snoozes by `kind:ruleId`. */
export function useSnoozes(org: string): Map<string, AlertSnooze> {
  const snoozes = useQuery({ ...snoozesQueryOptions(org), refetchInterval: 30_000 });
  return new Map((snoozes.data?.items ?? []).map((s) => [`${s.kind}:${s.ruleId}`, s]));
}

export function SnoozeControl(props: {
  org: string;
  kind: 'issue' | 'metric';
  ruleId: string;
  ruleName: string;
  snooze: AlertSnooze | undefined;
}) {
  const { org, kind, ruleId } = props;
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: [...alertKeys.all, org, 'snoozes'] });
  const snooze = useMutation({
    mutationFn: (hours: number) => snoozeRule(org, kind, ruleId, hours),
    onSuccess: refresh,
  });
  const wake = useMutation({ mutationFn: () => unsnoozeRule(org, kind, ruleId), onSuccess: refresh });
  if (props.snooze)
    return (
      <Group gap={4} wrap="nowrap">
        <Badge
          color="gray"
          variant="light"
          tt="none"
          style={{ flexShrink: 0 }}
          aria-label={`Snoozed: ${props.ruleName}`}
        >
          snoozed until{' '}
          {new Date(props.snooze.until).toLocaleString(undefined, {
            month: 'short',
            day: 'numeric',
            hour: '2-digit',
            minute: '2-digit',
          })}
        </Badge>
        <Button size="xs" variant="subtle" onClick={() => wake.mutate()} loading={wake.isPending}>
          Unsnooze
        </Button>
      </Group>
    );
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button size="xs" variant="subtle" loading={snooze.isPending}>
          Snooze
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {CHOICES.map((choice) => (
          <Menu.Item key={choice.hours} onClick={() => snooze.mutate(choice.hours)}>
            {choice.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
