/** `/api/0` organization, project and project-key routes. */
import type { FastifyInstance } from 'fastify';
import { type ApiContext, authenticate, baseUrlOf, findOrganization, findProject } from '../http/api-context';
import { serializeOrganization, serializeProject, serializeProjectKey } from './serialize-organization';

type OrgParams = { Params: { org: string } };
type ProjectParams = { Params: { org: string; project: string } };

export async function organizationRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get('/api/0/organizations/', async (request) => {
    const organizationId = await authenticate(ctx, request);
    const orgs = await ctx.db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', organizationId)
      .execute();
    return orgs.map((org) => serializeOrganization(org, baseUrlOf(request)));
  });

  app.get<OrgParams>('/api/0/organizations/:org/', async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    return serializeOrganization(org, baseUrlOf(request));
  });

  app.get<OrgParams>('/api/0/organizations/:org/projects/', async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const projects = await ctx.db
      .selectFrom('projects')
      .selectAll()
      .where('organization_id', '=', org.id)
      .orderBy('slug')
      .execute();
    const environments = await ctx.db
      .selectFrom('issue_tags')
      .innerJoin('issues', 'issues.id', 'issue_tags.issue_id')
      .select(['issues.project_id', 'issue_tags.value'])
      .distinct()
      .where('issue_tags.key', '=', 'environment')
      .execute();
    return projects.map((project) =>
      serializeProject(
        project,
        environments.filter((e) => e.project_id === project.id).map((e) => e.value),
      ),
    );
  });

  app.get<ProjectParams>('/api/0/projects/:org/:project/keys/', async (request) => {
    const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
    const project = await findProject(ctx, org.id, request.params.project);
    const keys = await ctx.db
      .selectFrom('project_keys')
      .selectAll()
      .where('project_id', '=', project.id)
      .orderBy('id')
      .execute();
    return keys.map((key) => serializeProjectKey(key, baseUrlOf(request)));
  });
}
