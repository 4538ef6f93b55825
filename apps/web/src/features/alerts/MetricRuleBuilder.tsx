/**
 * The metric rule builder, laid out as its sentence: "When [error events] over [1 hour] in [any
 * environment] matching [level:error] go [above] [100] (warning at [50]), resolving at [..], [notify
 * in Dexter]." The query box shows for error events and users, which the store filters. Below it,
 * where the rule would have fired over the last 14 days, asked of the server as the fields settle
 * (the store judges it with the schedule's own code); a rule the server refuses names the field.
 */
import {
  COMPARISON_DELTAS,
  METRIC_AGGREGATE_WORDS,
  METRIC_WINDOWS,
  type MetricRuleView,
  SESSION_WINDOWS,
} from '@dexter/contracts';
import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../../api/describe-error';
import { alertKeys, createMetricRule, metricPreviewQueryOptions, updateMetricRule } from './alerts-queries';
import { MetricPreviewChart } from './MetricPreviewChart';
import { minutesWords } from './MetricRuleList';
import { type MetricValues, metricRuleOf, metricValuesOf, NEW_METRIC_RULE } from './metric-rule-form';

export function MetricRuleBuilder({
  org,
  project,
  editing,
  onDone,
}: {
  org: string;
  project: string;
  /** A rule to change in place of a new one (its history, counts and enabled state stay). */
  editing?: MetricRuleView | null;
  onDone?: () => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm<MetricValues>({
    mode: 'controlled',
    initialValues: (editing && metricValuesOf(editing.rule)) || NEW_METRIC_RULE,
    validate: { name: (name) => (name.trim() ? null : 'Give the rule a name') },
  });
  const v = form.values;
  const rule = metricRuleOf(v);
  const [settled] = useDebouncedValue(rule, 400);
  const preview = useQuery(metricPreviewQueryOptions(org, project, settled));
  const create = useMutation({
    mutationFn: (values: MetricValues) =>
      editing
        ? updateMetricRule(org, project, editing.id, {
            ...metricRuleOf(values),
            enabled: editing.rule.enabled,
          })
        : createMetricRule(org, project, metricRuleOf(values)),
    onSuccess: async () => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: [...alertKeys.all, org, 'metric-rules', project] });
      onDone?.();
    },
  });
  const windows = v.aggregate === 'crash_free_rate' ? SESSION_WINDOWS : METRIC_WINDOWS;
  const rate = v.aggregate === 'failure_rate' || v.aggregate === 'crash_free_rate';
  const unit = v.compare ? '% change' : rate ? '%' : '';

  return (
    <Card
      withBorder
      component="form"
      onSubmit={form.onSubmit((values) => create.mutate(values))}
      aria-label={editing ? `Edit metric alert ${editing.rule.name}` : 'New metric alert'}
    >
      <Stack gap="sm">
        <Title order={4}>{editing ? `Edit metric alert: ${editing.rule.name}` : 'Metric alert'}</Title>
        <TextInput label="Metric alert name" placeholder="Too many errors" {...form.getInputProps('name')} />
        <Group gap="xs" align="center" wrap="wrap">
          <Text>When</Text>
          <Select
            aria-label="Metric"
            data={Object.entries(METRIC_AGGREGATE_WORDS).map(([value, label]) => ({ value, label }))}
            allowDeselect={false}
            w={230}
            {...form.getInputProps('aggregate')}
          />
          <Text>over</Text>
          <Select
            aria-label="Metric window"
            data={windows.map((m) => ({ value: String(m), label: minutesWords(m) }))}
            allowDeselect={false}
            w={130}
            {...form.getInputProps('window')}
          />
          <Text>in</Text>
          <TextInput
            aria-label="Metric environment"
            placeholder="any environment"
            w={150}
            {...form.getInputProps('environment')}
          />
          {(v.aggregate === 'event_count' || v.aggregate === 'users') && (
            <>
              <Text>matching</Text>
              <TextInput
                aria-label="Metric query"
                placeholder="any event (e.g. level:error)"
                w={230}
                {...form.getInputProps('query')}
              />
            </>
          )}
          {v.aggregate !== 'crash_free_rate' && (
            <>
              <Text>taken</Text>
              <Select
                aria-label="Compared with"
                data={[
                  { value: '', label: 'as it is' },
                  ...COMPARISON_DELTAS.map((m) => ({
                    value: String(m),
                    label: `as change vs ${minutesWords(m)} before`,
                  })),
                ]}
                allowDeselect={false}
                w={240}
                {...form.getInputProps('compare')}
              />
            </>
          )}
          <Text>goes</Text>
          <Select
            aria-label="Direction"
            data={[
              { value: 'above', label: 'above' },
              { value: 'below', label: 'below' },
            ]}
            allowDeselect={false}
            w={100}
            {...form.getInputProps('direction')}
          />
          <NumberInput aria-label="Critical at" w={100} min={0} {...form.getInputProps('critical')} />
          <Text>{unit}, warning at</Text>
          <NumberInput
            aria-label="Warning at"
            placeholder="none"
            w={90}
            min={0}
            {...form.getInputProps('warning')}
          />
          <Text>, resolved at</Text>
          <NumberInput
            aria-label="Resolved at"
            placeholder="auto"
            w={90}
            min={0}
            {...form.getInputProps('resolve')}
          />
          <Text>,</Text>
          <Select
            aria-label="Metric notification"
            data={[
              { value: 'in_app', label: 'notify in Dexter' },
              { value: 'webhook', label: 'post a signed webhook to' },
              { value: 'email', label: 'send an e-mail to' },
            ]}
            allowDeselect={false}
            w={210}
            {...form.getInputProps('action')}
          />
          {v.action !== 'in_app' && (
            <TextInput
              aria-label="Metric notify to"
              placeholder={v.action === 'webhook' ? 'https://hooks.example.com/alerts' : 'ops@example.com'}
              w={260}
              {...form.getInputProps('target')}
            />
          )}
        </Group>
        <Text size="sm" fw={600}>
          Where it would have fired over the last 14 days
        </Text>
        {preview.isError && (
          <Alert color="orange" variant="light" role="status" title="No preview for this rule">
            {describeError(preview.error).message}
          </Alert>
        )}
        {preview.data && (
          <>
            <MetricPreviewChart preview={preview.data} rule={settled} />
            <Text size="sm" c="dimmed" aria-label="Preview summary">
              {previewSummary(preview.data.changes)}
            </Text>
          </>
        )}
        {create.isError && (
          <Alert color="red" variant="light" title="The rule was refused" role="alert">
            {describeError(create.error).message}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={create.isPending}>
            {editing ? 'Save metric rule' : 'Create metric rule'}
          </Button>
          {editing && (
            <Button variant="subtle" onClick={onDone}>
              Cancel
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

function previewSummary(changes: Array<{ level: string }>): string {
  const fired = changes.filter((c) => c.level !== 'ok').length;
  const resolved = changes.length - fired;
  if (fired === 0) return 'It would not have fired in the last 14 days.';
  return `It would have fired ${fired} time${fired === 1 ? '' : 's'} and resolved ${resolved} time${resolved === 1 ? '' : 's'} in the last 14 days.`;
}
