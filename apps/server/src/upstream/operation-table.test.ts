import { describe, expect, it } from 'vitest';
import { cacheTags } from './cache-tags';
import { loadOperationTable, OperationTableError, parseOperationTable } from './operation-table';

const classes = `
cacheClasses:
  detail: { ttl: 30s, staleFor: 1h }
`;

const table = parseOperationTable(`${classes}
operations:
  issues.get:
    dexter: GET /api/v1/organizations/{org}/issues/{issueId}
    sentry: GET /api/0/organizations/{org}/issues/{issue_id}/
    cache: { class: detail, tags: [issues, 'issue:{issue_id}', 'issue-state:{issue_id}'] }
    idempotent: true
    cost: 2
    role: viewer
  issues.update:
    dexter: PUT /api/v1/organizations/{org}/issues/{issueId}
    sentry: PUT /api/0/organizations/{org}/issues/{issue_id}/
    invalidates: [issues, 'issue:{issue_id}']
    role: triager
  issues.list:
    sentry: GET /api/0/organizations/{org}/issues/
    cache: { class: detail, tags: [issues, '{=list-statuses}', '{=answer-issues}'] }
  issues.stats:
    sentry: GET /api/0/organizations/{org}/issues-stats/
    cache: { class: detail, tags: [issue-stats, 'issue:{?groups}'] }
  meta.get:
    dexter: GET /api/v1/meta
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
    expect(real.get('issues.list')?.sentry).toEqual({
      method: 'GET',
      path: '/api/0/organizations/{org}/issues/',
    });
    expect(real.cacheClassOf('issues.list')).toEqual({ ttlMs: 15_000, staleForMs: 1_800_000 });
    expect(real.cacheClassOf('issues.update')).toBeNull();
    expect(real.all().length).toBeGreaterThan(5);
  });
});

describe('operation rows', () => {
  it('applies defaults: not idempotent, cost 1, no role, no tags', () => {
    expect(table.isIdempotent('issues.update')).toBe(false);
    expect(table.costOf('issues.update')).toBe(1);
    expect(table.roleOf('meta.get')).toBeNull();
    expect(table.tagsFor('meta.get', '/anything')).toEqual([]);
  });

  it('reads explicit values', () => {
    expect(table.isIdempotent('issues.get')).toBe(true);
    expect(table.costOf('issues.get')).toBe(2);
    expect(table.roleOf('issues.update')).toBe('triager');
    expect(table.cacheClassOf('issues.get')).toEqual({ ttlMs: 30_000, staleForMs: 3_600_000 });
  });

  it('answers safe defaults for an operation it does not know', () => {
    expect(table.get('nope')).toBeUndefined();
    expect(table.get('toString')).toBeUndefined();
    expect(table.cacheClassOf('nope')).toBeNull();
    expect(table.isIdempotent('nope')).toBe(false);
    expect(table.costOf('nope')).toBe(1);
    expect(table.invalidatesFor('nope', '/x')).toEqual([]);
  });

  it('lists the Dexter routes with their operation', () => {
    expect(table.dexterRoutes()).toEqual([
      { method: 'GET', path: '/api/v1/organizations/{org}/issues/{issueId}', operation: 'issues.get' },
      { method: 'PUT', path: '/api/v1/organizations/{org}/issues/{issueId}', operation: 'issues.update' },
      { method: 'GET', path: '/api/v1/meta', operation: 'meta.get' },
    ]);
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
  it('names the operation and field of a bad duration', () => {
    expect(rejection('cacheClasses:\n  fast: { ttl: soon, staleFor: 1h }\noperations: {}')).toMatch(
      /cache class "fast", field "ttl": "soon" is not a duration/,
    );
  });

  it('names the operation and field of a malformed endpoint', () => {
    expect(rejection('operations:\n  issues.get:\n    sentry: FETCH /api/0/x/')).toMatch(
      /operation "issues\.get", field "sentry": "FETCH \/api\/0\/x\/" is not "METHOD \/path"/,
    );
  });

  it('rejects an unknown tag kind, naming the row, the field and the known kinds', () => {
    const message = rejection(
      'operations:\n  a.b:\n    sentry: GET /api/0/{org}/x/\n    invalidates: [issues, "org:{org}"]',
    );
    expect(message).toMatch(
      /operation "a\.b", field "invalidates\.1": tag "org:\{org\}": unknown tag kind "org"/,
    );
    expect(message).toMatch(/known: organizations, projects, .*issue:\{…\}/);
  });

  it('rejects a one-tag kind given a parameter, and a per-issue kind without one', () => {
    const row = (tag: string) =>
      `operations:\n  a.b:\n    sentry: PUT /api/0/{org}/\n    invalidates: ['${tag}']`;
    expect(rejection(row('issues:{org}'))).toMatch(/"issues" is one tag/);
    expect(rejection(row('issue'))).toMatch(/"issue" is one tag per issue/);
  });

  it('rejects an unknown derived tag, naming the known ones', () => {
    expect(
      rejection(`operations:\n  a.b:\n    sentry: PUT /api/0/x/\n    invalidates: ['{=everything}']`),
    ).toMatch(
      /tag "\{=everything\}" names no derived tags \(known: answer-issues, list-statuses, status-change\)/,
    );
  });

  it('rejects an unknown cache class, naming the known ones', () => {
    expect(
      rejection(
        `${classes}operations:\n  a.b:\n    sentry: GET /api/0/x/\n    cache: { class: hot, tags: [] }`,
      ),
    ).toMatch(/operation "a\.b", field "cache\.class": unknown class "hot" \(known: detail\)/);
  });

  it('rejects caching a mutation', () => {
    expect(
      rejection(`${classes}operations:\n  a.b:\n    sentry: PUT /api/0/x/\n    cache: { class: detail }`),
    ).toMatch(/operation "a\.b", field "cache": only a GET/);
  });

  it('rejects a tag whose parameter the Sentry path does not have', () => {
    expect(
      rejection(
        'operations:\n  a.b:\n    sentry: PUT /api/0/{org}/\n    invalidates: [issues, "issue:{issue_id}"]',
      ),
    ).toMatch(/operation "a\.b", field "invalidates\.1": tag "issue:\{issue_id\}" uses \{issue_id\}/);
  });

  it('rejects unknown fields, wrong types and bad roles', () => {
    const message = rejection(
      'operations:\n  a.b:\n    sentry: GET /api/0/x/\n    idempotnet: true\n    cost: -1\n    role: root',
    );
    expect(message).toMatch(/operation "a\.b".*idempotnet/);
    expect(message).toMatch(/operation "a\.b", field "cost"/);
    expect(message).toMatch(/operation "a\.b", field "role"/);
  });

  it('rejects text that is not YAML', () => {
    expect(rejection('operations: [unclosed')).toMatch(/test\.yaml: not valid YAML/);
  });
});
