import { describe, expect, it } from 'vitest';
import { parseOperationTable } from '../upstream/operation-table';
import { policyFor, RoutePolicyError, tablePathOf } from './route-policy';

const table = parseOperationTable(`
upstream:
  organizations.get:
    sentry: GET /api/0/organizations/{org}/
routes:
  issues.update:
    dexter: PUT /api/v1/organizations/{org}/issues/{issueId}
    role: triager
  auth.signIn:
    dexter: POST /api/v1/auth/sign-in
    role: public
  webhooks.sentry:
    dexter: POST /api/v1/webhooks/sentry
    role: public
    audit: false
`);

describe('route policies from the operation table', () => {
  it("reads the role and audit of the route's row, HEAD as GET", () => {
    expect(policyFor(table, 'PUT', '/api/v1/organizations/:org/issues/:issueId', 'issues.update')).toEqual({
      operation: 'issues.update',
      role: 'triager',
      audited: true,
    });
    expect(policyFor(table, 'POST', '/api/v1/webhooks/sentry', 'webhooks.sentry').audited).toBe(false);
    expect(policyFor(table, 'POST', '/api/v1/auth/sign-in', 'auth.signIn').role).toBe('public');
    expect(tablePathOf('/api/v1/a/:b/c/:d_e')).toBe('/api/v1/a/{b}/c/{d_e}');
  });

  it('fails closed: no operation id, no route row (an upstream operation is none), or a different route', () => {
    const fails = (method: string, url: string, id: unknown) => () => policyFor(table, method, url, id);
    expect(fails('GET', '/api/v1/x', undefined)).toThrow(RoutePolicyError);
    expect(fails('GET', '/api/v1/x', 'nope')).toThrow(/no row in the routes:/);
    expect(fails('GET', '/api/v1/x', 'organizations.get')).toThrow(/no row in the routes:/);
    expect(fails('GET', '/api/v1/organizations/:org/issues/:issueId', 'issues.update')).toThrow(
      /says dexter: PUT/,
    );
  });

  it('refuses a route row without a role when the table loads, before any route registers', () => {
    expect(() => parseOperationTable('routes:\n  meta.get:\n    dexter: GET /api/v1/meta')).toThrow(
      /route "meta\.get", field "role"/,
    );
  });
});
