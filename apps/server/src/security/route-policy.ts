/**
 * Which role each `/api/v1` route needs, from the operation table: the route's
 * `schema.operationId` names its row, the row's `dexter:` endpoint must be the route itself, and
 * the row's `role:` is the requirement. Anything missing or inconsistent throws while routes are
 * being registered, so a route nobody classified stops the start instead of going out unguarded.
 */
import type { OperationTable } from '../upstream/operation-table';

export type RouteRole = 'public' | 'viewer' | 'triager' | 'admin';

export interface RoutePolicy {
  operation: string;
  role: RouteRole;
  /** Whether its state-changing requests write audit entries (the table's `audit:`). */
  audited: boolean;
}

export interface RegisteredRoute extends RoutePolicy {
  method: string;
  /** In the table's notation: `/api/v1/organizations/{org}/issues`. */
  path: string;
}

export class RoutePolicyError extends Error {
  override readonly name = 'RoutePolicyError';
}

const ROLES: readonly string[] = ['public', 'viewer', 'triager', 'admin'];

/** `/api/v1/x/:org/y/:id` -> `/api/v1/x/{org}/y/{id}` */
export const tablePathOf = (fastifyUrl: string) => fastifyUrl.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export function policyFor(
  table: Pick<OperationTable, 'get'>,
  method: string,
  url: string,
  operationId: unknown,
): RoutePolicy {
  const where = `${method} ${url}`;
  if (typeof operationId !== 'string' || operationId === '') {
    throw new RoutePolicyError(
      `${where} has no schema.operationId: every /api/v1 route needs an operation table row`,
    );
  }
  const row = table.get(operationId);
  if (!row?.dexter) {
    throw new RoutePolicyError(
      `${where}: operation "${operationId}" has no row with a dexter: route in config/api-mappings.yaml`,
    );
  }
  const lookupMethod = method === 'HEAD' ? 'GET' : method;
  const path = tablePathOf(url);
  if (row.dexter.method !== lookupMethod || row.dexter.path !== path) {
    throw new RoutePolicyError(
      `${where}: operation "${operationId}" says dexter: ${row.dexter.method} ${row.dexter.path}`,
    );
  }
  const role: unknown = row.role;
  if (typeof role !== 'string' || !ROLES.includes(role)) {
    throw new RoutePolicyError(
      `${where}: operation "${operationId}" declares no role: (public, viewer, triager or admin)`,
    );
  }
  return { operation: operationId, role: role as RouteRole, audited: row.audit !== false };
}
