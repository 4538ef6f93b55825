/**
 * Adds a widget or changes one: a title, a display and its query (a raw Discover query for charts,
 * tables and numbers, an issue search for issue lists, none for releases). A new Discover widget
 * may start from a saved query. The server checks the query and names what it refuses.
 */
import { DISCOVER_WIDGET_KINDS, type Widget, type WidgetKind, WidgetKindSchema } from '@dexter/contracts';
import { Button, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { WIDGET_KIND_LABELS } from '../../lib/dashboards-api';
import { savedQueriesOptions } from '../../lib/saved-queries-api';

export interface WidgetValues {
  title: string;
  kind: WidgetKind;
  query: string;
}

const QUERY_LABEL: Record<'discover' | 'issues' | 'releases', string> = {
  discover: 'Discover query (as in Discover’s raw query box)',
  issues: 'Issue search',
  releases: '',
};

const groupOf = (kind: WidgetKind) =>
  DISCOVER_WIDGET_KINDS.includes(kind) ? 'discover' : kind === 'issues' ? 'issues' : 'releases';

export function WidgetForm({
  org,
  initial,
  pending,
  onSubmit,
}: {
  org: string;
  initial?: Widget;
  pending: boolean;
  onSubmit: (values: WidgetValues) => void;
}) {
  const saved = useQuery(savedQueriesOptions(org));
  const form = useForm<WidgetValues>({
    initialValues: {
      title: initial?.title ?? '',
      kind: initial?.kind ?? 'line',
      query: initial?.query ?? 'field=count()',
    },
    validate: {
      title: (value) => (value.trim() ? null : 'Title: 1 to 100 characters'),
      query: (value, values) =>
        groupOf(values.kind) === 'discover' && !/(^|&)field=/.test(value)
          ? 'Query: name at least one field='
          : null,
    },
  });
  const group = groupOf(form.values.kind);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => onSubmit({ ...values, title: values.title.trim() }))}
    >
      <Stack gap="sm">
        <TextInput data-autofocus label="Title" required {...form.getInputProps('title')} />
        <Select
          label="Display"
          data={WidgetKindSchema.options.map((kind) => ({ value: kind, label: WIDGET_KIND_LABELS[kind] }))}
          allowDeselect={false}
          {...form.getInputProps('kind')}
        />
        {group === 'discover' && !initial && (saved.data?.queries.length ?? 0) > 0 && (
          <Select
            label="Start from a saved query"
            placeholder="Optional"
            data={(saved.data?.queries ?? []).map((q) => ({ value: String(q.id), label: q.name }))}
            onChange={(value) => {
              const query = saved.data?.queries.find((q) => String(q.id) === value);
              if (query) form.setValues({ query: query.query, title: form.values.title || query.name });
            }}
          />
        )}
        {group !== 'releases' && (
          <Textarea
            label={QUERY_LABEL[group]}
            autosize
            minRows={2}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            {...form.getInputProps('query')}
          />
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={pending}>
            {initial ? 'Save widget' : 'Add widget'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
