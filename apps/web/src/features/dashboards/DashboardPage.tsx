/**
 * One dashboard: its period and environment (picked from the organization's environments; applied
 * to every widget, saved with the dashboard), its widgets on a grid to drag and resize (the layout
 * is saved when a move ends), and adding, editing and removing widgets. Viewers see team and organization dashboards without changing them.
 */
import type { Widget, WidgetInput } from '@dexter/contracts';
import { Badge, Button, Group, Modal, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { PageLoader } from '../../components/PageLoader';
import { dashboardQueryOptions, nextRow, useUpdateDashboard, widgetInputs } from '../../lib/dashboards-api';
import { EnvironmentSelect } from '../organizations/EnvironmentSelect';
import { DashboardGrid } from './DashboardGrid';
import { WidgetForm, type WidgetValues } from './WidgetForm';

const PERIODS = ['1h', '24h', '7d', '14d', '30d'];

export function DashboardPage() {
  const params = useParams();
  const org = params.org ?? '';
  const id = Number(params.dashboardId);
  const dashboard = useQuery(dashboardQueryOptions(org, id));
  const update = useUpdateDashboard(org);
  const [editing, setEditing] = useState<Widget | 'new' | null>(null);

  if (dashboard.error) return <ErrorState title="Could not load the dashboard" error={dashboard.error} />;
  if (!dashboard.data) return <PageLoader label="Loading the dashboard" />;
  const board = dashboard.data;
  const filters = { period: board.period, environment: board.environment };
  const save = (widgets: WidgetInput[]) => update.mutate({ id: board.id, widgets });

  const submitWidget = (values: WidgetValues) => {
    const widgets =
      editing === 'new'
        ? [...widgetInputs(board), { ...values, layout: { x: 0, y: nextRow(board), w: 6, h: 4 } }]
        : widgetInputs(board).map((w) => (editing && w.id === editing.id ? { ...w, ...values } : w));
    update.mutate({ id: board.id, widgets }, { onSuccess: () => setEditing(null) });
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2}>{board.name}</Title>
            <Badge variant="light" tt="none">
              {board.scope === 'team' ? `#${board.team}` : board.scope}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            By {board.owner.name}
            {board.canEdit ? ' · drag a widget by its title, resize it from its corner' : ' · read only'}
          </Text>
        </Stack>
        <Group gap="sm" align="flex-end">
          <Select
            label="Period"
            data={PERIODS.includes(board.period) ? PERIODS : [...PERIODS, board.period]}
            value={board.period}
            onChange={(period) => period && update.mutate({ id: board.id, period })}
            disabled={!board.canEdit}
            allowDeselect={false}
            w={100}
          />
          <EnvironmentSelect
            org={org}
            value={board.environment}
            disabled={!board.canEdit}
            onChange={(environment) => update.mutate({ id: board.id, environment })}
          />
          {board.canEdit && <Button onClick={() => setEditing('new')}>Add widget</Button>}
        </Group>
      </Group>
      {board.widgets.length === 0 ? (
        <EmptyMessage
          title="No widgets yet"
          description="Add one here, or put a query on this dashboard from Discover."
        />
      ) : (
        <DashboardGrid
          org={org}
          dashboardId={board.id}
          widgets={board.widgets}
          filters={filters}
          projects={board.teamProjects ?? null}
          canEdit={board.canEdit}
          onMove={save}
          onEdit={setEditing}
          onRemove={(widget) => save(widgetInputs(board).filter((w) => w.id !== widget.id))}
        />
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Add a widget' : 'Edit the widget'}
      >
        {editing !== null && (
          <WidgetForm
            org={org}
            initial={editing === 'new' ? undefined : editing}
            pending={update.isPending}
            onSubmit={submitWidget}
          />
        )}
      </Modal>
    </Stack>
  );
}
