/**
 * The metric rule builder, laid out as its sentence: "When [error events] over [1 hour] in [any
 * environment] go [above] [100] (warning at [50]), resolving at [..], [notify in Dexter]." Below it,
 * where the rule would have fired over the last 14 days, asked of the server as the fields settle
 * (the store judges it with the schedule's own code); a rule the server refuses names the field.
 */
import {
  COMPARISON_DELTAS,
  METRIC_AGGREGATE_WORDS,
  METRIC_WINDOWS,
  type MetricAggregate,
  type MetricAlertRuleInput,
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
import { alertKeys, createMetricRule, metricPreviewQueryOptions } from './alerts-queries';
import { MetricPreviewChart } from './MetricPreviewChart';
import { minutesWords } from './MetricRuleList';

interface MetricValues {
  name: string;
  aggregate: MetricAggregate;
  window: string;
  environment: string;
  direction: 'above' | 'below';
  critical: number | string;
  warning: number | string;
  resolve: number | string;
  /** '' = the value itself; otherwise minutes to compare against. */
  compare: string;
  action: 'in_app' | 'webhook' | 'email';
  target: string;
}

const optional = (v: number | string) => (v === '' || v === null ? null : Number(v));

export function metricRuleOf(v: MetricValues): MetricAlertRuleInput {
  return {
    name: v.name.trim() || 'Preview',
    environment: v.environment.trim() || null,
    aggregate: v.aggregate,
    windowMinutes: Number(v.window),
    detection: v.compare
      ? { type: 'percent', comparisonDeltaMinutes: Number(v.compare) }
      : { type: 'static' },
    direction: v.direction,
    critical: Number(v.critical),
    warning: optional(v.warning),
    resolve: optional(v.resolve),
    actions: [
      v.action === 'webhook'
        ? { type: 'webhook', url: v.target }
        : v.action === 'email'
          ? { type: 'email', target: { kind: 'address', address: v.target } }
          : { type: 'in_app' },
    ],
  };
}

export function MetricRuleBuilder({ org, project }: { org: string; project: string }) {
  const queryClient = useQueryClient();
  const form = useForm<MetricValues>({
    mode: 'controlled',
    initialValues: {
      name: '',
      aggregate: 'event_count',
      window: '60',
      environment: '',
      direction: 'above',
      critical: 100,
      warning: '',
      resolve: '',
      compare: '',
      action: 'in_app',
      target: '',
    },
    validate: { name: (name) => (name.trim() ? null : 'Give the rule a name') },
  });
  const v = form.values;
  const rule = metricRuleOf(v);
  const [settled] = useDebouncedValue(rule, 400);
  const preview = useQuery(metricPreviewQueryOptions(org, project, settled));
  const create = useMutation({
    mutationFn: (values: MetricValues) => createMetricRule(org, project, metricRuleOf(values)),
    onSuccess: async () => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: [...alertKeys.all, org, 'metric-rules', project] });
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
      aria-label="New metric alert"
    >
      <Stack gap="sm">
        <Title order={4}>Metric alert</Title>
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
            Create metric rule
          </Button>
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
