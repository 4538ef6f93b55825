/** A project's metric rules, each as a line of what it watches, with its firings and its history. */
import type { MetricAlertRule, MetricRuleView } from '@dexter/contracts';
import { METRIC_AGGREGATE_WORDS } from '@dexter/contracts';
import { Button, Group, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { alertKeys, deleteMetricRule, metricRulesQueryOptions } from './alerts-queries';
import { metricValuesOf } from './metric-rule-form';
import { SnoozeControl, useSnoozes } from './SnoozeControl';

export const minutesWords = (m: number) =>
  m >= 1440
    ? `${m / 1440} day${m > 1440 ? 's' : ''}`
    : m >= 60
      ? `${m / 60} hour${m > 60 ? 's' : ''}`
      : `${m} minute${m > 1 ? 's' : ''}`;

export function metricSentence(rule: MetricAlertRule): string {
  const rate = rule.aggregate === 'failure_rate' || rule.aggregate === 'crash_free_rate';
  const unit = rule.detection.type === 'percent' ? ' % change' : rate ? ' %' : '';
  const compared =
    rule.detection.type === 'percent'
      ? ` compared with ${minutesWords(rule.detection.comparisonDeltaMinutes)} before`
      : '';
  const warning = rule.warning === null ? '' : ` (warning at ${rule.warning}${unit})`;
  const where = rule.environment ? ` in ${rule.environment}` : '';
  const matching = rule.query ? ` matching ${rule.query}` : '';
  return `When ${METRIC_AGGREGATE_WORDS[rule.aggregate]} over ${minutesWords(rule.windowMinutes)}${where}${matching}${compared} go ${rule.direction} ${rule.critical}${unit}${warning}.`;
}

export function MetricRuleList(props: {
  org: string;
  project: string;
  onOpen: (id: string) => void;
  onEdit: (view: MetricRuleView) => void;
}) {
  const { org, project } = props;
  const queryClient = useQueryClient();
  const rules = useQuery({ ...metricRulesQueryOptions(org, project), refetchInterval: 5_000 });
  const snoozes = useSnoozes(org);
  const remove = useMutation({
    mutationFn: (id: string) => deleteMetricRule(org, project, id),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: [...alertKeys.all, org, 'metric-rules', project] }),
  });
  if (rules.isError) return <ErrorState title="Metric rules could not be loaded" error={rules.error} />;
  if (!rules.data || rules.data.items.length === 0) return null;
  return (
    <Table highlightOnHover aria-label="Metric rules">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Metric rule</Table.Th>
          <Table.Th>Fired</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rules.data.items.map((view: MetricRuleView) => (
          <Table.Tr key={view.id}>
            <Table.Td>
              <Text fw={600}>{view.rule.name}</Text>
              <Text size="sm" c="dimmed">
                {metricSentence(view.rule)}
              </Text>
            </Table.Td>
            <Table.Td>{view.fireCount}</Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                {metricValuesOf(view.rule) && (
                  <Button
                    size="xs"
                    variant="subtle"
                    aria-label={`Edit ${view.rule.name}`}
                    onClick={() => props.onEdit(view)}
                  >
                    Edit
                  </Button>
                )}
                <SnoozeControl
                  org={org}
                  kind="metric"
                  ruleId={view.id}
                  ruleName={view.rule.name}
                  snooze={snoozes.get(`metric:${view.id}`)}
                />
                <Button size="xs" variant="light" onClick={() => props.onOpen(view.id)}>
                  History
                </Button>
                <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(view.id)}>
                  Delete
                </Button>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
