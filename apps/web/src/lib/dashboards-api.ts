/**
 * Dashboards over `/api/v1/organizations/{org}/dashboards`: shared by the dashboards pages and
 * Discover (which puts a query on a dashboard and saves a widget it edits), so both read and
 * invalidate the same cache entries.
 */
import {
  type Dashboard,
  type DashboardInput,
  DashboardListSchema,
  DashboardSchema,
  type WidgetInput,
  type WidgetKind,
} from '@dexter/contracts';
import { notifications } from '@mantine/notifications';
import { type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiPath } from '../api/api-path';
import { apiDelete, apiGet, apiPost, apiPut } from '../api/http';
import { errorNotification } from './error-notification';

export const WIDGET_KIND_LABELS: Record<WidgetKind, string> = {
  line: 'Line chart',
  bar: 'Bar chart',
  area: 'Area chart',
  table: 'Table',
  number: 'Big number',
  issues: 'Issue list',
  releases: 'Releases',
  alerts: 'Alert status',
};

export const dashboardKeys = {
  all: (org: string) => ['dashboards', org] as const,
  list: (org: string) => [...dashboardKeys.all(org), 'list'] as const,
  one: (org: string, id: number) => [...dashboardKeys.all(org), 'one', id] as const,
};

export const dashboardsQueryOptions = (org: string) =>
  queryOptions({
    queryKey: dashboardKeys.list(org),
    queryFn: ({ signal }) => apiGet(apiPath`/organizations/${org}/dashboards`, DashboardListSchema, signal),
  });

export const dashboardQueryOptions = (org: string, id: number) =>
  queryOptions({
    queryKey: dashboardKeys.one(org, id),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/dashboards/${String(id)}`, DashboardSchema, signal),
  });

export const invalidateDashboards = (queryClient: QueryClient, org: string) =>
  queryClient.invalidateQueries({ queryKey: dashboardKeys.all(org) });

/** A dashboard's widgets as the update body takes them (ids kept, so layout changes match). */
export const widgetInputs = (dashboard: Dashboard): WidgetInput[] =>
  dashboard.widgets.map(({ id, title, kind, query, layout }) => ({ id, title, kind, query, layout }));

/** Below every widget: where a new one goes. */
export const nextRow = (dashboard: Dashboard) =>
  Math.max(0, ...dashboard.widgets.map((widget) => widget.layout.y + widget.layout.h));

export function useCreateDashboard(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DashboardInput) =>
      apiPost(apiPath`/organizations/${org}/dashboards`, input, DashboardSchema),
    onError: (error) => notifications.show(errorNotification('Could not create the dashboard', error)),
    onSettled: () => invalidateDashboards(queryClient, org),
  });
}

/** Changes a dashboard; the answer replaces the cached dashboard at once (no flicker on drag). */
export function useUpdateDashboard(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      ...update
    }: { id: number } & Partial<Omit<DashboardInput, 'widgets'>> & {
        widgets?: WidgetInput[];
      }) => apiPut(apiPath`/organizations/${org}/dashboards/${String(id)}`, update, DashboardSchema),
    onSuccess: (dashboard) => queryClient.setQueryData(dashboardKeys.one(org, dashboard.id), dashboard),
    onError: (error) => notifications.show(errorNotification('Could not save the dashboard', error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: dashboardKeys.list(org) }),
  });
}

export function useDeleteDashboard(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      apiDelete(apiPath`/organizations/${org}/dashboards/${String(id)}`, z.unknown()),
    onError: (error) => notifications.show(errorNotification('Could not delete the dashboard', error)),
    onSettled: () => invalidateDashboards(queryClient, org),
  });
}
