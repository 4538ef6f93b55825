/**
 * `POST /api/0/organizations/{org}/artifactbundle/assemble/`, the body checked as Sentry's
 * jsonschema checks it (`checksum` and `chunks` SHA-1s, `projects` required, `version` without
 * `/`, no `dist` without `version`), refused with `{"error"}` as Sentry does. Projects are slugs
 * or ids of the organization. The state machine itself is `assemble-bundle.ts`.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../api-error';
import { type ApiContext, authenticate, findOrganization } from '../http/api-context';
import { projectsOfOrg } from '../releases/release-queries';
import { isValidVersion } from '../releases/release-values';
import { ARTIFACT_LIMITS } from './artifact-limits';
import { type AssembleRequest, assembleBundle } from './assemble-bundle';
import { uploadError } from './chunk-upload-routes';
import { SHA1_HEX } from './chunk-validation';

type OrgRoute = { Params: { org: string } };

/** An assemble names at most ~1,000 SHA-1s and a few projects. */
const ASSEMBLE_BODY_LIMIT = 256 * 1024;
const MAX_DIST = 64;

export async function assembleRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.post<OrgRoute>(
    '/api/0/organizations/:org/artifactbundle/assemble/',
    { bodyLimit: ASSEMBLE_BODY_LIMIT },
    async (request) => {
      const org = await findOrganization(ctx, await authenticate(ctx, request), request.params.org);
      const body = parseAssembleBody(request.body);
      const projects = await projectsOfOrg(ctx, org.id, body.projects).catch((error: unknown) => {
        throw error instanceof ApiError ? uploadError('One or more projects are invalid') : error;
      });
      const { projects: _, ...rest } = body;
      return assembleBundle(ctx, { ...rest, organizationId: org.id, projectIds: projects.map((p) => p.id) });
    },
  );
}

type AssembleBody = Omit<AssembleRequest, 'organizationId' | 'projectIds'> & { projects: string[] };

export function parseAssembleBody(raw: unknown): AssembleBody {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw uploadError('Invalid request body: expected a JSON object');
  const body = raw as Record<string, unknown>;
  if (typeof body.checksum !== 'string' || !SHA1_HEX.test(body.checksum))
    throw uploadError('checksum: expected a lower-case hex SHA-1');
  if (!Array.isArray(body.chunks) || body.chunks.some((c) => typeof c !== 'string' || !SHA1_HEX.test(c)))
    throw uploadError('chunks: expected a list of lower-case hex SHA-1s');
  if (body.chunks.length > ARTIFACT_LIMITS.maxAssembleChunks)
    throw uploadError(`chunks: at most ${ARTIFACT_LIMITS.maxAssembleChunks} chunks per bundle`);
  if (
    !Array.isArray(body.projects) ||
    body.projects.length === 0 ||
    body.projects.some((p) => typeof p !== 'string' && typeof p !== 'number')
  )
    throw uploadError('projects: expected a non-empty list of project slugs or ids');
  const version = optionalString(body, 'version');
  if (version !== null && !isValidVersion(version)) throw uploadError('version: not a valid release version');
  const dist = optionalString(body, 'dist');
  if (dist !== null && version === null) throw uploadError('dist: a dist needs a version');
  if (dist !== null && (dist.length === 0 || dist.length > MAX_DIST))
    throw uploadError(`dist: expected 1 to ${MAX_DIST} characters`);
  return {
    checksum: body.checksum,
    chunks: body.chunks as string[],
    projects: body.projects.map(String),
    version,
    dist,
  };
}

function optionalString(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw uploadError(`${field}: expected a string`);
  return value;
}
