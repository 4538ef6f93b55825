/**
 * `/api/v1/store/projects`: the built-in store's projects for admins (list, create with a name and
 * a platform, one project's DSN keys by slug) and key rotation (a new key, the old one revoked, in
 * one step). A new project is dropped from Dexter's cached project lists at once, so the stream's
 * project filter shows it. Companion mode answers 409, as the other store routes do.
 */
import {
  type StoreKey,
  StoreKeyListSchema,
  StoreKeyRotatedSchema,
  type StoreProject,
  StoreProjectCreateSchema,
  StoreProjectListSchema,
  StoreProjectSchema,
  StoreProjectSlugParamsSchema,
} from '@dexter/contracts';
import type { StoreAdmin, StoreKeyRow, StoreProjectRow } from '@dexter/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DexterError } from '../../errors/error-codes';

export interface StoreProjectRoutesDeps {
  admin: StoreAdmin | null;
  publicUrl: () => string;
  /** Drops Dexter's cached project lists (a project was created). */
  freshenProjects: () => Promise<void>;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const toProject = (row: StoreProjectRow): StoreProject => ({
  ...row,
  id: String(row.id),
  createdAt: iso(row.createdAt)!,
});
const toKey = (row: StoreKeyRow): StoreKey => ({
  ...row,
  projectId: String(row.projectId),
  createdAt: iso(row.createdAt)!,
  revokedAt: iso(row.revokedAt),
});
const KeyParams = z.object({ id: z.coerce.number().int().positive() });

export const storeProjectRoutes: FastifyPluginAsyncZod<StoreProjectRoutesDeps> = async (app, deps) => {
  const tags = ['store'];
  const store = () => {
    if (!deps.admin)
      throw new DexterError(
        'DEXTER_ERR_NO_STORE',
        'Dexter runs in companion mode: there is no built-in store',
      );
    return deps.admin;
  };

  app.get(
    '/store/projects',
    { schema: { operationId: 'store.projects.list', tags, response: { 200: StoreProjectListSchema } } },
    async () => ({ projects: (await store().listProjects()).map(toProject) }),
  );

  app.post(
    '/store/projects',
    {
      schema: {
        operationId: 'store.projects.create',
        tags,
        body: StoreProjectCreateSchema,
        response: { 201: StoreProjectSchema },
      },
    },
    async (request, reply) => {
      const { name, platform } = request.body;
      const result = await store().createProject(name, platform ?? null);
      if ('error' in result)
        throw new DexterError(
          'DEXTER_ERR_CONFLICT',
          `Invalid body.name: a project with the slug "${result.slug}" exists already; choose another name`,
        );
      request.audit.targets = { projectId: String(result.project.id) };
      request.audit.detail = { slug: result.project.slug, platform: result.project.platform };
      await deps.freshenProjects();
      return reply.code(201).send(toProject(result.project));
    },
  );

  app.get(
    '/store/projects/:slug/keys',
    {
      schema: {
        operationId: 'store.projects.keys',
        tags,
        params: StoreProjectSlugParamsSchema,
        response: { 200: StoreKeyListSchema },
      },
    },
    async (request) => {
      const project = await store().findProject(request.params.slug);
      if (!project)
        throw new DexterError('DEXTER_ERR_NOT_FOUND', `No project with the slug "${request.params.slug}"`);
      const keys = await store().listKeys(deps.publicUrl());
      return { keys: keys.filter((key) => key.projectId === project.id).map(toKey) };
    },
  );

  app.post(
    '/store/keys/:id/rotate',
    {
      schema: {
        operationId: 'store.keys.rotate',
        tags,
        params: KeyParams,
        response: { 201: StoreKeyRotatedSchema },
      },
    },
    async (request, reply) => {
      const rotated = await store().rotateKey(request.params.id);
      if (!rotated)
        throw new DexterError(
          'DEXTER_ERR_NOT_FOUND',
          `No live DSN key ${request.params.id} (unknown or revoked)`,
        );
      const byId = new Map((await store().listKeys(deps.publicUrl())).map((key) => [key.id, key]));
      const created = byId.get(rotated.created)!;
      request.audit.detail = { newKeyId: created.id, projectId: String(created.projectId) };
      return reply.code(201).send({ created: toKey(created), revoked: toKey(byId.get(rotated.revoked)!) });
    },
  );
};
