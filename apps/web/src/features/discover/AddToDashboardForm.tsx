/**
 * Puts the current Discover query on a dashboard the caller may change, as a chart, table or big
 * number under the rows already there, then opens that dashboard.
 */
import { DISCOVER_WIDGET_KINDS, type WidgetKind } from '@dexter/contracts';
import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import {
  dashboardsQueryOptions,
  nextRow,
  useUpdateDashboard,
  WIDGET_KIND_LABELS,
  widgetInputs,
} from '../../lib/dashboards-api';

export function AddToDashboardForm({ org, ran, title }: { org: string; ran: string; title: string }) {
  const navigate = useNavigate();
  const list = useQuery(dashboardsQueryOptions(org));
  const update = useUpdateDashboard(org);
  const editable = (list.data?.dashboards ?? []).filter((dashboard) => dashboard.canEdit);
  const form = useForm({
    initialValues: { dashboard: '', title, kind: 'line' as WidgetKind },
    validate: {
      dashboard: (value) => (value ? null : 'Dashboard: pick one'),
      title: (value) => (value.trim() ? null : 'Title: 1 to 100 characters'),
    },
  });
  const submit = form.onSubmit((values) => {
    const dashboard = editable.find((d) => String(d.id) === values.dashboard);
    if (!dashboard) return;
    const widget = {
      title: values.title.trim(),
      kind: values.kind,
      query: ran,
      layout: { x: 0, y: nextRow(dashboard), w: values.kind === 'number' ? 4 : 6, h: 4 },
    };
    update.mutate(
      { id: dashboard.id, widgets: [...widgetInputs(dashboard), widget] },
      { onSuccess: () => navigate(`/${encodeURIComponent(org)}/dashboards/${dashboard.id}`) },
    );
  });
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <Select
          label="Dashboard"
          placeholder={editable.length === 0 ? 'No dashboard you may change' : 'Pick a dashboard'}
          data={editable.map((d) => ({
            value: String(d.id),
            label: d.team ? `${d.name} (#${d.team})` : d.name,
          }))}
          {...form.getInputProps('dashboard')}
        />
        <TextInput label="Widget title" required {...form.getInputProps('title')} />
        <Select
          label="Display"
          data={DISCOVER_WIDGET_KINDS.map((kind) => ({ value: kind, label: WIDGET_KIND_LABELS[kind] }))}
          allowDeselect={false}
          {...form.getInputProps('kind')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            Add widget
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
