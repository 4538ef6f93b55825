/**
 * Alerts of an organization: pick a project, read its issue alert rules as sentences with when
 * each last fired and how often, build a new one, and open a rule's history: every delivery of
 * every firing, with its channel, status, attempts and last error.
 */
import type { AlertRuleView, MetricRuleView } from '@dexter/contracts';
import { Badge, Button, Card, Group, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { PageLoader } from '../../components/PageLoader';
import { RelativeTime } from '../../components/RelativeTime';
import { useNow } from '../../lib/use-now';
import { projectsQueryOptions } from '../organizations/organizations-queries';
import {
  alertHistoryQueryOptions,
  alertKeys,
  alertRulesQueryOptions,
  createAlertRule,
  deleteAlertRule,
  updateAlertRule,
} from './alerts-queries';
import { MetricRuleBuilder } from './MetricRuleBuilder';
import { MetricRuleList } from './MetricRuleList';
import { editable, RuleBuilder } from './RuleBuilder';
import { ruleSentence } from './rule-sentence';
import { SnoozeControl, useSnoozes } from './SnoozeControl';
import { useLiveAlerts } from './use-live-alerts';

const STATUS_COLOR = { delivered: 'green', pending: 'yellow', dead: 'red', snoozed: 'gray' } as const;

export function AlertsPage() {
  const org = useParams().org ?? '';
  const projects = useQuery(projectsQueryOptions(org));
  const [picked, setPicked] = useState<string | null>(null);
  const project = picked ?? projects.data?.projects[0]?.slug ?? null;
  const [openRule, setOpenRule] = useState<string | null>(null);
  const [editing, setEditing] = useState<AlertRuleView | null>(null);
  const [editingMetric, setEditingMetric] = useState<MetricRuleView | null>(null);
  useLiveAlerts(org);

  if (projects.isPending) return <PageLoader />;
  if (projects.isError) return <ErrorState title="Projects could not be loaded" error={projects.error} />;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Alerts</Title>
        <Select
          aria-label="Project"
          data={projects.data.projects.map((p) => ({ value: p.slug, label: p.name || p.slug }))}
          value={project}
          onChange={setPicked}
          allowDeselect={false}
          w={220}
        />
      </Group>
      {project && (
        <RuleList org={org} project={project} onOpen={setOpenRule} openRule={openRule} onEdit={setEditing} />
      )}
      {project && (
        <RuleBuilder
          // Keys unique among the page's children (the metric builder is a sibling): a fresh
          // builder for each rule edited, and for a new one after.
          key={`issue-rule-${editing?.id ?? 'new'}`}
          org={org}
          project={project}
          editing={editing}
          onDone={() => setEditing(null)}
        />
      )}
      {project && (
        <MetricRuleList org={org} project={project} onOpen={setOpenRule} onEdit={setEditingMetric} />
      )}
      {project && (
        <MetricRuleBuilder
          key={`metric-rule-${editingMetric?.id ?? 'new'}`}
          org={org}
          project={project}
          editing={editingMetric}
          onDone={() => setEditingMetric(null)}
        />
      )}
      {openRule && <RuleHistory org={org} ruleId={openRule} />}
    </Stack>
  );
}

function RuleList(props: {
  org: string;
  project: string;
  openRule: string | null;
  onOpen: (id: string) => void;
  onEdit: (view: AlertRuleView) => void;
}) {
  const { org, project } = props;
  const now = useNow();
  const queryClient = useQueryClient();
  const rules = useQuery({ ...alertRulesQueryOptions(org, project), refetchInterval: 5_000 });
  const snoozes = useSnoozes(org);
  const refresh = () => queryClient.invalidateQueries({ queryKey: alertKeys.rules(org, project) });
  const remove = useMutation({
    mutationFn: (id: string) => deleteAlertRule(org, project, id),
    onSuccess: refresh,
  });
  const toggle = useMutation({
    mutationFn: (view: AlertRuleView) =>
      updateAlertRule(org, project, view.id, { ...view.rule, enabled: !view.rule.enabled }),
    onSuccess: refresh,
  });
  const duplicate = useMutation({
    mutationFn: (view: AlertRuleView) =>
      createAlertRule(org, project, { ...view.rule, name: `Copy of ${view.rule.name}`.slice(0, 256) }),
    onSuccess: refresh,
  });
  if (rules.isPending) return <PageLoader />;
  if (rules.isError) return <ErrorState title="Alert rules could not be loaded" error={rules.error} />;
  if (rules.data.items.length === 0)
    return <EmptyMessage title="No alert rules yet" description="Build one below: it reads as a sentence." />;
  return (
    <Table highlightOnHover aria-label="Alert rules">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Rule</Table.Th>
          <Table.Th>Last fired</Table.Th>
          <Table.Th>Fired</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rules.data.items.map((view: AlertRuleView) => (
          <Table.Tr key={view.id} aria-selected={props.openRule === view.id}>
            <Table.Td>
              <Text fw={600}>{view.rule.name}</Text>
              <Text size="sm" c="dimmed">
                {ruleSentence(view.rule)}
              </Text>
            </Table.Td>
            <Table.Td>
              {view.lastFired ? <RelativeTime value={view.lastFired} now={now} /> : 'never'}
            </Table.Td>
            <Table.Td>{view.fireCount}</Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="wrap">
                <Switch
                  aria-label={`Enabled: ${view.rule.name}`}
                  checked={view.rule.enabled}
                  onChange={() => toggle.mutate(view)}
                  label={view.rule.enabled ? 'on' : 'off'}
                />
                {editable(view.rule) && (
                  <Button size="xs" variant="subtle" onClick={() => props.onEdit(view)}>
                    Edit
                  </Button>
                )}
                <SnoozeControl
                  org={org}
                  kind="issue"
                  ruleId={view.id}
                  ruleName={view.rule.name}
                  snooze={snoozes.get(`issue:${view.id}`)}
                />
                <Button size="xs" variant="subtle" onClick={() => duplicate.mutate(view)}>
                  Duplicate
                </Button>
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

function RuleHistory({ org, ruleId }: { org: string; ruleId: string }) {
  const now = useNow();
  const history = useQuery({ ...alertHistoryQueryOptions(org, ruleId), refetchInterval: 5_000 });
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        History
      </Title>
      {history.isPending && <PageLoader />}
      {history.isError && <ErrorState title="The history could not be loaded" error={history.error} />}
      {history.data && history.data.items.length === 0 && (
        <Text c="dimmed">This rule has not fired yet.</Text>
      )}
      {history.data && history.data.items.length > 0 && (
        <Table aria-label="Deliveries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Fired</Table.Th>
              <Table.Th>Why</Table.Th>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Attempts</Table.Th>
              <Table.Th>Last error</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.data.items.map((delivery) => (
              <Table.Tr key={delivery.id}>
                <Table.Td>
                  <RelativeTime value={delivery.firedAt} now={now} />
                </Table.Td>
                <Table.Td>{delivery.reason}</Table.Td>
                <Table.Td>
                  {delivery.kind}
                  {delivery.target ? ` ${delivery.target}` : ''}
                </Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[delivery.status]}>{delivery.status}</Badge>
                </Table.Td>
                <Table.Td>{delivery.attempts}</Table.Td>
                <Table.Td>{delivery.lastError ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
