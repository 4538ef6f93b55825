/**
 * The rule builder, laid out as the sentence it builds: "When an issue is seen more than [100]
 * times in [1 hour] in [any environment], and level is [any], [notify in Dexter] at most once per
 * [30] minutes." The sentence under the fields reads the rule back; the server checks it (fields
 * it refuses are named in the error, e.g. a webhook URL the SSRF guard forbids).
 */
import type { AlertAction, AlertRule, AlertRuleInput, AlertRuleView, AlertTrigger } from '@dexter/contracts';
import { Alert, Button, Card, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../../api/describe-error';
import { alertKeys, createAlertRule, updateAlertRule } from './alerts-queries';
import { ruleSentence, WINDOW_WORDS } from './rule-sentence';

type TriggerKind = AlertTrigger['type'];
type ActionKind = 'in_app' | 'webhook' | 'email';

interface BuilderValues {
  name: string;
  trigger: TriggerKind;
  value: number;
  window: keyof typeof WINDOW_WORDS;
  environment: string;
  level: string;
  action: ActionKind;
  target: string;
  /** Webhooks: 0 posts each firing; N collects N minutes of firings into one message. */
  digest: number;
  interval: number;
}

const TRIGGERS = [
  { value: 'frequency', label: 'an issue is seen more than' },
  { value: 'users', label: 'more users than' },
  { value: 'new_issue', label: 'a new issue is created' },
  { value: 'regression', label: 'an issue regresses' },
];

export function ruleOf(v: BuilderValues): AlertRuleInput {
  const trigger: AlertTrigger =
    v.trigger === 'frequency' || v.trigger === 'users'
      ? { type: v.trigger, value: v.value, window: v.window }
      : { type: v.trigger };
  const action: AlertAction =
    v.action === 'webhook'
      ? { type: 'webhook', url: v.target, ...(v.digest > 0 ? { digestMinutes: v.digest } : {}) }
      : v.action === 'email'
        ? { type: 'email', target: { kind: 'address', address: v.target } }
        : { type: 'in_app' };
  return {
    name: v.name,
    environment: v.environment.trim() || null,
    triggers: [trigger],
    filters: v.level ? [{ type: 'level', match: 'gte', level: v.level as 'error' }] : [],
    actions: [action],
    actionIntervalMinutes: v.interval,
  };
}

const NEW_RULE: BuilderValues = {
  name: '',
  trigger: 'frequency',
  value: 100,
  window: '1h',
  environment: '',
  level: '',
  action: 'in_app',
  target: '',
  digest: 0,
  interval: 30,
};

/** Whether the builder can show `rule` (one trigger, one action, at most a level filter). */
export const editable = (rule: AlertRule) =>
  rule.triggers.length === 1 &&
  rule.actions.length === 1 &&
  (rule.filters.length === 0 || (rule.filters.length === 1 && rule.filters[0]!.type === 'level')) &&
  !(rule.actions[0]!.type === 'email' && rule.actions[0]!.target.kind === 'member');

function valuesOf(rule: AlertRule): BuilderValues {
  const trigger = rule.triggers[0]!;
  const action = rule.actions[0]!;
  const level = rule.filters.find((f) => f.type === 'level');
  return {
    name: rule.name,
    trigger: trigger.type,
    value: 'value' in trigger ? trigger.value : NEW_RULE.value,
    window: 'window' in trigger ? trigger.window : NEW_RULE.window,
    environment: rule.environment ?? '',
    level: level?.type === 'level' ? level.level : '',
    action: action.type,
    target:
      action.type === 'webhook'
        ? action.url
        : action.type === 'email' && action.target.kind === 'address'
          ? action.target.address
          : '',
    digest: action.type === 'webhook' ? (action.digestMinutes ?? 0) : 0,
    interval: rule.actionIntervalMinutes,
  };
}

export function RuleBuilder({
  org,
  project,
  editing,
  onDone,
}: {
  org: string;
  project: string;
  /** A rule to change in place of a new one. */
  editing?: AlertRuleView | null;
  onDone?: () => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm<BuilderValues>({
    initialValues: editing ? valuesOf(editing.rule) : NEW_RULE,
    validate: { name: (name) => (name.trim() ? null : 'Give the rule a name') },
  });
  const create = useMutation({
    mutationFn: (values: BuilderValues) =>
      editing
        ? updateAlertRule(org, project, editing.id, { ...ruleOf(values), enabled: editing.rule.enabled })
        : createAlertRule(org, project, ruleOf(values)),
    onSuccess: async () => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: alertKeys.rules(org, project) });
      onDone?.();
    },
  });
  const v = form.getValues();
  const counted = v.trigger === 'frequency' || v.trigger === 'users';

  return (
    <Card
      withBorder
      component="form"
      onSubmit={form.onSubmit((values) => create.mutate(values))}
      aria-label={editing ? `Edit alert rule ${editing.rule.name}` : 'New alert rule'}
    >
      <Stack gap="sm">
        <TextInput
          label="Rule name"
          placeholder="Checkout is failing"
          {...form.getInputProps('name')}
          key={form.key('name')}
        />
        <Group gap="xs" align="center" wrap="wrap">
          <Text>When</Text>
          <Select
            aria-label="Trigger"
            data={TRIGGERS}
            allowDeselect={false}
            w={270}
            {...form.getInputProps('trigger')}
            key={form.key('trigger')}
          />
          {counted && (
            <>
              <NumberInput
                aria-label="Threshold"
                min={1}
                w={90}
                {...form.getInputProps('value')}
                key={form.key('value')}
              />
              <Text>{v.trigger === 'users' ? 'users in' : 'times in'}</Text>
              <Select
                aria-label="Window"
                data={Object.entries(WINDOW_WORDS).map(([value, label]) => ({ value, label }))}
                allowDeselect={false}
                w={120}
                {...form.getInputProps('window')}
                key={form.key('window')}
              />
            </>
          )}
          <Text>in</Text>
          <TextInput
            aria-label="Environment"
            placeholder="any environment"
            w={160}
            {...form.getInputProps('environment')}
            key={form.key('environment')}
          />
          <Text>, and level is</Text>
          <Select
            aria-label="Level"
            data={[
              { value: '', label: 'any' },
              { value: 'warning', label: 'warning or worse' },
              { value: 'error', label: 'error or worse' },
              { value: 'fatal', label: 'fatal' },
            ]}
            allowDeselect={false}
            w={160}
            {...form.getInputProps('level')}
            key={form.key('level')}
          />
        </Group>
        <Group gap="xs" align="center" wrap="wrap">
          <Select
            aria-label="Action"
            data={[
              { value: 'in_app', label: 'notify in Dexter' },
              { value: 'webhook', label: 'post a signed webhook to' },
              { value: 'email', label: 'send an e-mail to' },
            ]}
            allowDeselect={false}
            w={220}
            {...form.getInputProps('action')}
            key={form.key('action')}
          />
          {v.action !== 'in_app' && (
            <TextInput
              aria-label="Target"
              placeholder={v.action === 'webhook' ? 'https://hooks.example.com/alerts' : 'ops@example.com'}
              w={280}
              {...form.getInputProps('target')}
              key={form.key('target')}
            />
          )}
          {v.action === 'webhook' && (
            <>
              <Text>collecting</Text>
              <NumberInput
                aria-label="Digest minutes"
                min={0}
                max={1440}
                w={80}
                {...form.getInputProps('digest')}
                key={form.key('digest')}
              />
              <Text>minutes into one message (0: each firing),</Text>
            </>
          )}
          <Text>at most once per</Text>
          <NumberInput
            aria-label="Interval in minutes"
            min={5}
            max={43_200}
            w={90}
            {...form.getInputProps('interval')}
            key={form.key('interval')}
          />
          <Text>minutes.</Text>
        </Group>
        <Text size="sm" c="dimmed" aria-label="Rule as a sentence">
          {ruleSentence(ruleOf(v))}
        </Text>
        {create.isError && (
          <Alert color="red" variant="light" title="The rule was refused" role="alert">
            {describeError(create.error).message}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={create.isPending}>
            {editing ? 'Save changes' : 'Create rule'}
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
