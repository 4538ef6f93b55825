/**
 * Discover opened from a dashboard widget's "Edit" (`widget=<dashboardId>:<widgetId>` in the
 * URL): says which widget is being edited, and saves the query as it last ran back into it.
 */
import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { dashboardQueryOptions, useUpdateDashboard, widgetInputs } from '../../lib/dashboards-api';

export function parseWidgetParam(value: string | null): { dashboardId: number; widgetId: string } | null {
  const match = /^(\d{1,15}):([A-Za-z0-9_-]{1,40})$/.exec(value ?? '');
  return match ? { dashboardId: Number(match[1]), widgetId: match[2]! } : null;
}

export function WidgetEditBanner({
  org,
  ran,
  target,
}: {
  org: string;
  ran: string;
  target: { dashboardId: number; widgetId: string };
}) {
  const navigate = useNavigate();
  const dashboard = useQuery(dashboardQueryOptions(org, target.dashboardId));
  const update = useUpdateDashboard(org);
  const widget = dashboard.data?.widgets.find((w) => w.id === target.widgetId);
  const back = `/${encodeURIComponent(org)}/dashboards/${target.dashboardId}`;
  if (!dashboard.data || !widget) return null;
  const board = dashboard.data;

  const save = () =>
    update.mutate(
      {
        id: board.id,
        widgets: widgetInputs(board).map((w) => (w.id === widget.id ? { ...w, query: ran } : w)),
      },
      { onSuccess: () => navigate(back) },
    );

  return (
    <Alert color="blue" title={`Editing the widget “${widget.title}” of ${board.name}`}>
      <Group gap="sm">
        <Text size="sm">Run the query you want, then save it to the widget.</Text>
        <Button size="xs" onClick={save} loading={update.isPending} disabled={!board.canEdit}>
          Save to widget
        </Button>
        <Anchor component={Link} to={back} size="sm">
          Back to the dashboard
        </Anchor>
      </Group>
    </Alert>
  );
}
