/**
 * Every release and deploy answer the store serves validates against the response schema of the
 * matching operation in Sentry's OpenAPI spec, with the status the spec documents (201 for
 * creations, 208 for an existing version answers the same body as 201), commits and repositories
 * included. `previous-with-commits` is not in the spec.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeErrors, responseValidator } from '../../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

const ORG = '/api/0/organizations/{organization_id_or_slug}';
const VERSION = 'contract@1.0.0+b';
let server: StoreServer;
let releases: string;
let release: string;

const json = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  server = await startStoreServer();
  releases = `/api/0/organizations/${server.org}/releases/`;
  release = `${releases}${encodeURIComponent(VERSION)}/`;
});
afterAll(() => server.close());

async function expectValid(
  path: string,
  method: string,
  specPath: string,
  status: number,
  init?: RequestInit,
  specStatus = String(status),
) {
  const res = await server.api(path, { ...init, method });
  expect(res.status, `${method} ${path}`).toBe(status);
  const body: unknown = await res.json();
  const validate = responseValidator(method, specPath, specStatus);
  expect(validate(body), `${method} ${path}: ${describeErrors(validate.errors)}`).toBe(true);
  return body;
}

describe('store release answers match Sentry’s OpenAPI spec', () => {
  it('create, then create again (208)', async () => {
    const body = { version: VERSION, projects: [server.projectId], dateStarted: '2026-01-01T00:00:00Z' };
    await expectValid(releases, 'POST', `${ORG}/releases/`, 201, json(body));
    await expectValid(releases, 'POST', `${ORG}/releases/`, 208, json(body), '201');
  });

  it('deploy create and list, with name and url null as sentry-cli sends them', async () => {
    const deploy = { environment: 'production', name: null, url: null };
    await expectValid(`${release}deploys/`, 'POST', `${ORG}/releases/{version}/deploys/`, 201, json(deploy));
    await expectValid(`${release}deploys/`, 'GET', `${ORG}/releases/{version}/deploys/`, 200);
  });

  it('detail (with a last deploy) and finalize', async () => {
    await expectValid(release, 'GET', `${ORG}/releases/{version}/`, 200);
    const finalize = json({ projects: [server.projectId], dateReleased: '2026-01-02T00:00:00Z' }, 'PUT');
    await expectValid(release, 'PUT', `${ORG}/releases/{version}/`, 200, finalize);
  });

  it('organization and project lists', async () => {
    const list = await expectValid(releases, 'GET', `${ORG}/releases/`, 200);
    expect(list).toHaveLength(1);
    await expectValid(
      `/api/0/projects/${server.org}/${server.projectId}/releases/`,
      'GET',
      '/api/0/projects/{organization_id_or_slug}/{project_id_or_slug}/releases/',
      200,
    );
  });

  it('commits: set-commits PUT, the release with lastCommit and authors, commit lists, repositories', async () => {
    const commits = [
      {
        id: 'a'.repeat(40),
        repository: 'acme/app',
        message: 'fix',
        author_name: 'Ada',
        author_email: 'ada@example.com',
        timestamp: '2026-01-01T00:00:00Z',
        patch_set: [{ path: 'src/a.ts', type: 'M' }],
      },
      { id: 'b'.repeat(40), repository: 'acme/app', message: null },
    ];
    await expectValid(release, 'PUT', `${ORG}/releases/{version}/`, 200, json({ commits }, 'PUT'));
    const detail = await expectValid(release, 'GET', `${ORG}/releases/{version}/`, 200);
    expect(detail).toMatchObject({ commitCount: 2, authors: [{ email: 'ada@example.com' }] });
    const list = await expectValid(`${release}commits/`, 'GET', `${ORG}/releases/{version}/commits/`, 200);
    expect(list).toHaveLength(2);
    await expectValid(
      `/api/0/projects/${server.org}/${server.projectId}/releases/${encodeURIComponent(VERSION)}/commits/`,
      'GET',
      '/api/0/projects/{organization_id_or_slug}/{project_id_or_slug}/releases/{version}/commits/',
      200,
    );
    await expectValid(`/api/0/organizations/${server.org}/repos/`, 'GET', `${ORG}/repos/`, 200);
  });
});
