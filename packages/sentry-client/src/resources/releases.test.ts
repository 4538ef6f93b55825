import { describe, expect, it } from 'vitest';
import release from '../test-fixtures/release.json';
import releaseList from '../test-fixtures/release-list.json';
import { fakeTransport, queryOf } from '../testing/fake-transport';
import { releasesResource } from './releases';

const next =
  '<https://sentry.io/api/0/organizations/acme/releases/?cursor=0:25:0>; rel="next"; results="true"; cursor="0:25:0"';

describe('releases', () => {
  it('list pages through the organization’s releases, filtered by version prefix and projects', async () => {
    const fake = fakeTransport({ body: releaseList, headers: { link: next } });
    const result = await releasesResource(fake.transport).list('acme', {
      query: 'frontend@',
      project: ['1', 2],
      cursor: '0:0:0',
      perPage: 25,
    });
    expect(fake.requests[0]).toMatchObject({
      operation: 'releases.list',
      method: 'GET',
      path: '/api/0/organizations/acme/releases/',
    });
    expect(queryOf(fake.requests[0])).toBe('query=frontend@&project=1&project=2&cursor=0:0:0&per_page=25');
    expect(result.data[0]).toMatchObject({ id: '1', version: 'frontend@1.0.0', lastDeploy: null });
    expect(result.page.next).toBe('0:25:0');
  });

  it('get reads Sentry’s documented release, authors and last deploy included', async () => {
    const fake = fakeTransport({ body: release });
    const got = await releasesResource(fake.transport).get('acme', 'control@abc123');
    expect(fake.requests[0]).toMatchObject({
      operation: 'releases.get',
      path: '/api/0/organizations/acme/releases/control%40abc123/',
    });
    expect(got).toMatchObject({
      version: 'control@abc123',
      commitCount: 2,
      lastDeploy: { environment: 'canary-test-control' },
      authors: [{ email: 'raj@raspberries' }],
    });
  });

  it('encodes a version as one path segment and refuses dot segments', async () => {
    const fake = fakeTransport({ body: [] });
    await releasesResource(fake.transport).deploys('acme', 'web 2.0+build/7?');
    expect(fake.requests[0]).toMatchObject({
      operation: 'releases.deploys',
      path: '/api/0/organizations/acme/releases/web%202.0%2Bbuild%2F7%3F/deploys/',
    });
    await expect(releasesResource(fake.transport).get('acme', '..')).rejects.toThrow(TypeError);
  });

  it('deploys reads deploys with any field missing', async () => {
    const fake = fakeTransport({
      body: [
        { id: 5, environment: 'production', name: null, dateFinished: '2026-01-04T00:00:00Z' },
        { id: '6' },
      ],
    });
    const result = await releasesResource(fake.transport).deploys('acme', '1.0');
    expect(result.data).toEqual([
      { id: '5', environment: 'production', name: null, dateFinished: '2026-01-04T00:00:00Z' },
      { id: '6' },
    ]);
  });
});
