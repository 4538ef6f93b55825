/**
 * The operation table against its two counterparts: Sentry's published OpenAPI spec (every
 * `sentry:`/`legacy:` endpoint must exist there, or in the short allow-list below) and the Sentry
 * client's resources (every operation they call must have a row whose `sentry:` endpoint is the one
 * they build). Parameter names are compared normalized: the spec says `{organization_id_or_slug}`
 * where the table says `{org}`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadOperationTable } from './operation-table';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const specDir = join(repoRoot, '..', 'shared', 'specs', 'sentry');
const resourcesDir = join(repoRoot, 'packages', 'sentry-client', 'src', 'resources');

/**
 * Endpoints Sentry serves but does not document (reference/sentry-api.md §2.C, from `urls.py`).
 * Keep this short: an entry here is an endpoint that may change without notice.
 */
const UNDOCUMENTED = [
  // Tag distribution of one issue (the "Tags" panel); only `tags/{key}/` is in the spec.
  'GET /api/0/organizations/{}/issues/{}/tags/',
  // Activity log of an issue.
  'GET /api/0/organizations/{}/issues/{}/activities/',
  // Comments ("notes") on an issue.
  'GET /api/0/organizations/{}/issues/{}/comments/',
  'POST /api/0/organizations/{}/issues/{}/comments/',
  'PUT /api/0/organizations/{}/issues/{}/comments/{}/',
  'DELETE /api/0/organizations/{}/issues/{}/comments/{}/',
  // Batch stats for many issues; the issue stream lists with `collapse=stats`, then calls this.
  'GET /api/0/organizations/{}/issues-stats/',
  // Suspect commits of an event (`EventFileCommittersEndpoint`).
  'GET /api/0/projects/{}/{}/events/{}/committers/',
  // Issues resolved in a release (the release page's "Resolved" section).
  'GET /api/0/organizations/{}/releases/{}/resolved/',
  // Discover's series (`OrganizationEventsStatsEndpoint`), which Sentry's own UI still calls.
  'GET /api/0/organizations/{}/events-stats/',
];

const normalize = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/\{[^{}]+\}/g, '{}')}`;

function specEndpoints(file: string): Set<string> {
  const spec = JSON.parse(readFileSync(join(specDir, file), 'utf8')) as { paths: Record<string, object> };
  return new Set(
    Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => normalize(method, path)),
    ),
  );
}

const documented = new Set([
  ...specEndpoints('openapi.json'),
  // The legacy alert-rule endpoints were removed from the spec on 2026-05-08 but are still served.
  ...specEndpoints('openapi-2026-05-08-with-legacy-alert-rules.json'),
  ...UNDOCUMENTED,
]);

const table = loadOperationTable();

describe('the operation table against the Sentry OpenAPI spec', () => {
  const endpoints = table
    .operations()
    .flatMap(([name, row]) => [
      [name, 'sentry', row.sentry] as const,
      ...(row.legacy ? [[name, 'legacy', row.legacy] as const] : []),
    ]);

  it('has Sentry endpoints to check', () => {
    expect(endpoints.length).toBeGreaterThan(0);
  });

  it.each(endpoints)('%s: %s endpoint exists upstream', (_name, _field, endpoint) => {
    expect(documented).toContain(normalize(endpoint.method, endpoint.path));
  });

  it('knows the spec well enough to reject an endpoint that does not exist', () => {
    expect(documented).not.toContain(normalize('GET', '/api/0/organizations/{org}/issuez/'));
    expect(documented).not.toContain(normalize('PATCH', '/api/0/organizations/{org}/issues/{issue_id}/'));
  });
});

interface ResourceCall {
  file: string;
  operation: string;
  method: string;
  path: string;
}

/** Every request literal in the resources: `operation: '…', method: '…', path: apiPath\`…\``. */
function resourceCalls(): { calls: ResourceCall[]; mentions: number } {
  const calls: ResourceCall[] = [];
  let mentions = 0;
  for (const file of readdirSync(resourcesDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const source = readFileSync(join(resourcesDir, file), 'utf8');
    mentions += source.match(/operation: '/g)?.length ?? 0;
    const request = /operation: '([^']+)',\s*method: '([A-Z]+)',\s*path: apiPath`([^`]+)`/g;
    for (const match of source.matchAll(request)) {
      // `${org}` in the template is the table's `{org}`.
      calls.push({
        file,
        operation: match[1]!,
        method: match[2]!,
        path: match[3]!.replace(/\$\{[^}]+\}/g, '{}'),
      });
    }
  }
  return { calls, mentions };
}

describe('the operation table against the Sentry client resources', () => {
  const { calls, mentions } = resourceCalls();

  it('understands every request the resources build', () => {
    // A request written in another shape would escape the check below: make it fail here instead.
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.length).toBe(mentions);
  });

  it.each(calls)('$file: $operation has a row with the endpoint the resource calls', (call) => {
    const sentry = table.operation(call.operation)?.sentry;
    expect(sentry, `no upstream: row for ${call.operation}`).toBeDefined();
    expect(normalize(sentry?.method ?? '', sentry?.path ?? '')).toBe(normalize(call.method, call.path));
  });
});
