/**
 * `/api/v1/organizations/{org}/dashboards[/{dashboardId}]`: list (every team's default made
 * first), read (a team's board with its team's projects), create, change (name, scope, period, environment, the widgets and their layout),
 * delete.
 */
import {
  DashboardInputSchema,
  DashboardListSchema,
  DashboardSchema,
  DashboardUpdateSchema,
} from '@dexter/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { viewerOf } from '../../lib/request-viewer';
import type { DashboardsService } from './dashboards-service';

const OrgParams = z.object({ org: z.string().min(1).max(100) });
const DashboardParams = OrgParams.extend({
  dashboardId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});
const ListQuery = z.object({ team: z.string().min(1).max(64).optional() });

export const dashboardsRoutes: FastifyPluginAsyncZod<{
  dashboards: DashboardsService;
  ensureTeamDefaults: (org: string, ownerId: number) => Promise<void>;
  teamProjects: (org: string, team: string) => Promise<Array<{ id: string; slug: string }> | null>;
}> = async (app, { dashboards, ensureTeamDefaults, teamProjects }) => {
  const tags = ['dashboards'];
  const base = '/organizations/:org/dashboards';

  app.get(
    base,
    {
      schema: {
        operationId: 'dashboards.list',
        tags,
        params: OrgParams,
        querystring: ListQuery,
        response: { 200: DashboardListSchema },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      await ensureTeamDefaults(request.params.org, viewer.id);
      return { dashboards: await dashboards.list(request.params.org, viewer, request.query) };
    },
  );

  app.get(
    `${base}/:dashboardId`,
    {
      schema: {
        operationId: 'dashboards.get',
        tags,
        params: DashboardParams,
        response: { 200: DashboardSchema },
      },
    },
    async (request) => {
      const board = await dashboards.get(request.params.org, request.params.dashboardId, viewerOf(request));
      if (board.scope !== 'team' || !board.team) return board;
      return { ...board, teamProjects: await teamProjects(request.params.org, board.team) };
    },
  );

  app.post(
    base,
    {
      schema: {
        operationId: 'dashboards.create',
        tags,
        params: OrgParams,
        body: DashboardInputSchema,
        response: { 201: DashboardSchema },
      },
    },
    async (request, reply) => {
      const dashboard = await dashboards.create(request.params.org, request.body, viewerOf(request));
      request.audit.targets.dashboardId = String(dashboard.id);
      return reply.code(201).send(dashboard);
    },
  );

  app.put(
    `${base}/:dashboardId`,
    {
      schema: {
        operationId: 'dashboards.update',
        tags,
        params: DashboardParams,
        body: DashboardUpdateSchema,
        response: { 200: DashboardSchema },
      },
    },
    async (request) =>
      dashboards.update(request.params.org, request.params.dashboardId, request.body, viewerOf(request)),
  );

  app.delete(
    `${base}/:dashboardId`,
    { schema: { operationId: 'dashboards.delete', tags, params: DashboardParams } },
    async (request, reply) => {
      await dashboards.remove(request.params.org, request.params.dashboardId, viewerOf(request));
      return reply.code(204).send();
    },
  );
};
