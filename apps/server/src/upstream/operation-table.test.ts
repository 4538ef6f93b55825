import { describe, expect, it } from 'vitest';
import { cacheTags } from './cache-tags';
import { loadOperationTable, OperationTableError, parseOperationTable } from './operation-table';

const classes = `
cacheClasses:
  detail: { ttl: 30s, staleFor: 1h }
`;

const table = parseOperationTable(`${classes}
upstream:
  issues.get:
    sentry: GET /api/0/organizations/{org}/issues/{issue_id}/
    cache: { class: detail, tags: [issues, 'issue:{issue_id}', 'issue-state:{issue_id}'] }
    idempotent: true
    cost: 2
  issues.update:
    sentry: PUT /api/0/organizations/{org}/issues/{issue_id}/
    invalidates: [issues, 'issue:{issue_id}']
  issues.list:
    sentry: GET /api/0/organizations/{org}/issues/
    cache: { class: detail, tags: [issues, '{=list-statuses}', '{=answer-issues}'] }
  issues.stats:
    sentry: GET /api/0/organizations/{org}/issues-stats/
    cache: { class: detail, tags: [issue-stats, 'issue:{?groups}'] }
routes:
  issues.get:
    dexter: GET /api/v1/organizations/{org}/issues/{issueId}
    role: viewer
  issues.update:
    dexter: PUT /api/v1/organizations/{org}/issues/{issueId}
    role: triager
  webhooks.sentry:
    dexter: POST /api/v1/webhooks/sentry
    role: public
    audit: false
`);

function rejection(yamlText: string): string {
  try {
    parseOperationTable(yamlText, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(OperationTableError);
    return (error as Error).message;
  }
  throw new Error('the table was accepted');
}

describe('loadOperationTable', () => {
  it('loads config/api-mappings.yaml with durations in milliseconds', () => {
    const real = loadOperationTable();
    expect(real.operation('issues.list')?.sentry).toEqual({
      method: 'GET',
      path: '/api/0/organizations/{org}/issues/',
    });
    expect(real.cacheClassOf('issues.list')).toEqual({ ttlMs: 15_000, staleForMs: 1_800_000 });
    expect(real.cacheClassOf('issues.update')).toBeNull();
    expect(real.operations().length).toBeGreaterThan(5);
    expect(real.route('meta.get')).toMatchObject({ method: 'GET', path: '/api/v1/meta', role: 'viewer' });
  });
});

describe('upstream operations', () => {
  it('applies defaults: not idempotent, cost 1, no tags', () => {
    expect(table.isIdempotent('issues.update')).toBe(false);
    expect(table.costOf('issues.update')).toBe(1);
    expect(table.tagsFor('issues.update', '/anything')).toEqual([]);
  });

  it('reads explicit values', () => {
    expect(table.isIdempotent('issues.get')).toBe(true);
    expect(table.costOf('issues.get')).toBe(2);
    expect(table.cacheClassOf('issues.get')).toEqual({ ttlMs: 30_000, staleForMs: 3_600_000 });
  });

  it('answers safe defaults for an operation it does not know', () => {
    expect(table.operation('nope')).toBeUndefined();
    expect(table.operation('toString')).toBeUndefined();
    expect(table.cacheClassOf('nope')).toBeNull();
    expect(table.isIdempotent('nope')).toBe(false);
    expect(table.costOf('nope')).toBe(1);
    expect(table.invalidatesFor('nope', '/x')).toEqual([]);
  });

  it('keeps upstream operations and routes apart, even under one name', () => {
    expect(table.operation('webhooks.sentry')).toBeUndefined();
    expect(table.route('issues.stats')).toBeUndefined();
    expect(table.operation('issues.get')?.sentry.path).toBe('/api/0/organizations/{org}/issues/{issue_id}/');
    expect(table.route('issues.get')?.path).toBe('/api/v1/organizations/{org}/issues/{issueId}');
  });
});

describe('routes', () => {
  it('lists the Dexter routes with their operation id, role and audit', () => {
    expect(table.dexterRoutes()).toEqual([
      {
        method: 'GET',
        path: '/api/v1/organizations/{org}/issues/{issueId}',
        operation: 'issues.get',
        role: 'viewer',
        audit: true,
      },
      {
        method: 'PUT',
        path: '/api/v1/organizations/{org}/issues/{issueId}',
        operation: 'issues.update',
        role: 'triager',
        audit: true,
      },
      {
        method: 'POST',
        path: '/api/v1/webhooks/sentry',
        operation: 'webhooks.sentry',
        role: 'public',
        audit: false,
      },
    ]);
    expect(table.roleOf('issues.update')).toBe('triager');
    expect(table.roleOf('nope')).toBeNull();
    expect(table.route('toString')).toBeUndefined();
  });
});

describe('paths and tags', () => {
  it('matches a Sentry path against its template and decodes the parameters', () => {
    expect(table.matchSentryPath('issues.get', '/api/0/organizations/my%20org/issues/42/')).toEqual({
      org: 'my org',
      issue_id: '42',
    });
    expect(table.matchSentryPath('issues.get', '/api/0/organizations/acme/issues/42/events/')).toBeNull();
    expect(table.matchSentryPath('issues.get', '/api/0/organizations/acme/issues/')).toBeNull();
  });

  it('interpolates cache tags and invalidation tags from the path', () => {
    const path = '/api/0/organizations/acme/issues/42/';
    expect(table.tagsFor('issues.get', path)).toEqual([
      cacheTags.issues,
      cacheTags.issue(42),
      cacheTags.issueState(42),
    ]);
    expect(table.invalidatesFor('issues.update', path)).toEqual([cacheTags.issues, cacheTags.issue(42)]);
  });

  it('puts a decoded path parameter into its tag', () => {
    const path = '/api/0/organizations/acme/issues/a%2Fb/';
    expect(table.invalidatesFor('issues.update', path)).toEqual([cacheTags.issues, cacheTags.issue('a/b')]);
  });

  it('derives tags from the query before the answer, and from the answer after it', () => {
    const path = '/api/0/organizations/acme/issues/';
    expect(table.tagsFor('issues.list', path, { query: 'is:resolved' })).toEqual([
      cacheTags.issues,
      cacheTags.issuesStatus('resolved'),
    ]);
    expect(table.answerTagsFor('issues.list', [{ id: '1' }, { id: 2 }])).toEqual([
      cacheTags.issueState('1'),
      cacheTags.issueState(2),
    ]);
    expect(table.answerTagsFor('issues.get', { id: '1' })).toEqual([]);
  });

  it('makes one tag per value of a query parameter named with {?name}', () => {
    const path = '/api/0/organizations/acme/issues-stats/';
    expect(table.tagsFor('issues.stats', path, { groups: ['7', 8] })).toEqual([
      cacheTags.issueStats,
      cacheTags.issue(7),
      cacheTags.issue(8),
    ]);
    expect(table.tagsFor('issues.stats', path, new URLSearchParams('groups=9'))).toEqual([
      cacheTags.issueStats,
      cacheTags.issue(9),
    ]);
    expect(table.tagsFor('issues.stats', path)).toEqual([cacheTags.issueStats]);
  });

  it('refuses to compute tags for a path that does not fit the template', () => {
    expect(() => table.invalidatesFor('issues.update', '/api/0/organizations/acme/issues/')).toThrow(
      /issues\.update: path .* does not match/,
    );
  });
});

describe('bad tables', () => {
  const upstreamRow = (fields: string) => `upstream:\n  a.b:\n    sentry: GET /api/0/{org}/x/\n${fields}`;

  it('names the cache class and field of a bad duration', () => {
    expect(rejection('cacheClasses:\n  fast: { ttl: soon, staleFor: 1h }')).toMatch(
      /cache class "fast", field "ttl": "soon" is not a duration/,
    );
  });

  it('names the operation and field of a malformed endpoint', () => {
    expect(rejection('upstream:\n  issues.get:\n    sentry: FETCH /api/0/x/')).toMatch(
      /operation "issues\.get", field "sentry": "FETCH \/api\/0\/x\/" is not "METHOD \/path"/,
    );
  });

  it('rejects an unknown tag kind, naming the row, the field and the known kinds', () => {
    const message = rejection(upstreamRow('    invalidates: [issues, "org:{org}"]'));
    expect(message).toMatch(
      /operation "a\.b", field "invalidates\.1": tag "org:\{org\}": unknown tag kind "org"/,
    );
    expect(message).toMatch(/known: organizations, projects, .*issue:\{…\}/);
    expect(rejection(upstreamRow('    cache: { class: detail, tags: [similarity] }'))).toMatch(
      /field "cache\.tags\.0": tag "similarity": unknown tag kind "similarity"/,
    );
  });

  it('rejects a one-tag kind given a parameter, and a per-issue kind without one', () => {
    expect(rejection(upstreamRow('    invalidates: ["issues:{org}"]'))).toMatch(/"issues" is one tag/);
    expect(rejection(upstreamRow('    invalidates: [issue]'))).toMatch(/"issue" is one tag per issue/);
  });

  it('rejects an unknown derived tag, naming the known ones', () => {
    expect(rejection(upstreamRow(`    invalidates: ['{=everything}']`))).toMatch(
      /tag "\{=everything\}" names no derived tags \(known: answer-issues, list-statuses, status-change\)/,
    );
  });

  it('rejects an unknown cache class, naming the known ones', () => {
    expect(rejection(`${classes}${upstreamRow('    cache: { class: hot, tags: [] }')}`)).toMatch(
      /operation "a\.b", field "cache\.class": unknown class "hot" \(known: detail\)/,
    );
  });

  it('rejects caching a mutation', () => {
    expect(
      rejection(`${classes}upstream:\n  a.b:\n    sentry: PUT /api/0/x/\n    cache: { class: detail }`),
    ).toMatch(/operation "a\.b", field "cache": only a GET/);
  });

  it('rejects a tag whose parameter the Sentry path does not have', () => {
    expect(rejection(upstreamRow('    invalidates: [issues, "issue:{issue_id}"]'))).toMatch(
      /operation "a\.b", field "invalidates\.1": tag "issue:\{issue_id\}" uses \{issue_id\}/,
    );
  });

  it('rejects unknown fields and wrong types', () => {
    const message = rejection(upstreamRow('    idempotnet: true\n    cost: -1'));
    expect(message).toMatch(/operation "a\.b".*idempotnet/);
    expect(message).toMatch(/operation "a\.b", field "cost"/);
  });

  it('requires a Sentry endpoint of every upstream operation, and says where route fields go', () => {
    expect(rejection('upstream:\n  meta.get:\n    dexter: GET /api/v1/meta\n    role: viewer')).toMatch(
      /operation "meta\.get".*dexter.*\(dexter:, role: and audit: belong in routes:\)/s,
    );
    expect(rejection('upstream:\n  a.b:\n    cost: 1')).toMatch(/operation "a\.b", field "sentry"/);
  });

  it('requires a role of every route, and refuses a route that is not under /api/v1 or named twice', () => {
    expect(rejection('routes:\n  meta.get:\n    dexter: GET /api/v1/meta')).toMatch(
      /route "meta\.get", field "role"/,
    );
    expect(rejection('routes:\n  a.b:\n    dexter: GET /api/v1/x\n    role: root')).toMatch(
      /route "a\.b", field "role"/,
    );
    expect(rejection('routes:\n  a.b:\n    dexter: GET /x\n    role: viewer')).toMatch(/under \/api\/v1\//);
    expect(
      rejection(
        'routes:\n  a.b:\n    dexter: GET /api/v1/x\n    role: viewer\n  a.c:\n    dexter: GET /api/v1/x\n    role: admin',
      ),
    ).toMatch(/route "a\.c", field "dexter": GET \/api\/v1\/x is already the route of "a\.b"/);
    expect(
      rejection('routes:\n  a.b:\n    dexter: GET /api/v1/x\n    role: viewer\n    sentry: GET /api/0/x/'),
    ).toMatch(/route "a\.b".*sentry.*\(a Sentry call is a row of upstream:\)/s);
  });

  it('names the sections when the table has one it does not know', () => {
    expect(rejection('operations: {}')).toMatch(/\(top level\).*"operations".*sections are cacheClasses/);
  });

  it('rejects text that is not YAML', () => {
    expect(rejection('upstream: [unclosed')).toMatch(/test\.yaml: not valid YAML/);
  });
});
