/**
 * Which role each `/api/v1` route needs, from the `routes:` of the operation table: the route's
 * `schema.operationId` names its row, the row's `dexter:` endpoint must be the route itself, and
 * the row's `role:` (which the table requires) is the requirement. Anything missing or inconsistent
 * throws while routes are being registered, so a route nobody classified stops the start instead
 * of going out unguarded.
 */
import type { OperationTable, Role } from '../upstream/operation-table';

export interface RoutePolicy {
  operation: string;
  role: Role;
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

/** `/api/v1/x/:org/y/:id` -> `/api/v1/x/{org}/y/{id}` */
export const tablePathOf = (fastifyUrl: string) => fastifyUrl.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export function policyFor(
  table: Pick<OperationTable, 'route'>,
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
  const route = table.route(operationId);
  if (!route) {
    throw new RoutePolicyError(
      `${where}: operation "${operationId}" has no row in the routes: of config/api-mappings.yaml`,
    );
  }
  const lookupMethod = method === 'HEAD' ? 'GET' : method;
  const path = tablePathOf(url);
  if (route.method !== lookupMethod || route.path !== path) {
    throw new RoutePolicyError(
      `${where}: operation "${operationId}" says dexter: ${route.method} ${route.path}`,
    );
  }
  return { operation: operationId, role: route.role, audited: route.audit };
}
