/** Who is calling, as services that keep per-user records (saved queries, dashboards) need it. */
import type { Role } from '@dexter/contracts';
import type { FastifyRequest } from 'fastify';
import { DexterError } from '../errors/error-codes';

export interface Viewer {
  id: number;
  role: Role;
}

export function viewerOf(request: FastifyRequest): Viewer {
  const principal = request.principal;
  // The access-control plugin admits no anonymous caller to routes with a role.
  if (!principal) throw new DexterError('DEXTER_ERR_UNAUTHENTICATED', 'Sign in, or send a valid API token');
  return { id: principal.user.id, role: principal.role };
}
