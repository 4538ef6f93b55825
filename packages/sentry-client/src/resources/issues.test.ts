import { describe, expect, it } from 'vitest';
import { SentryInvalidResponseError } from '../errors';
import issueList from '../test-fixtures/issue-list.json';
import { fakeTransport, queryOf } from '../testing/fake-transport';
import { issuesResource } from './issues';

const LINK =
  '<https://sentry.io/api/0/organizations/acme/issues/?cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", ' +
  '<https://sentry.io/api/0/organizations/acme/issues/?cursor=0:25:0>; rel="next"; results="true"; cursor="0:25:0"';

describe('issues.list', () => {
  it('sends filters as Sentry reads them and returns data with page info', async () => {
    const fake = fakeTransport({ body: issueList, headers: { link: LINK, 'x-hits': '321' } });
    const result = await issuesResource(fake.transport).list('acme', {
      query: 'is:unresolved level:error',
      sort: 'freq',
      limit: 25,
      project: [1, 2],
      environment: ['prod'],
      statsPeriod: '24h',
      groupStatsPeriod: '14d',
    });
    const [req] = fake.requests;
    expect(req).toMatchObject({
      operation: 'issues.list',
      method: 'GET',
      path: '/api/0/organizations/acme/issues/',
    });
    expect(queryOf(req)).toBe(
      'query=is:unresolved+level:error&sort=freq&limit=25&project=1&project=2&environment=prod&statsPeriod=24h&groupStatsPeriod=14d',
    );
    expect(result.page).toEqual({ next: '0:25:0', previous: null, hits: 321 });
    expect(result.data[0]).toMatchObject({ id: '1', shortId: 'PUMP-STATION-1' });
  });

  it('classifies a body that is not a list of issues as an invalid response', async () => {
    const fake = fakeTransport({ body: { detail: 'not a list' } });
    const error = await issuesResource(fake.transport)
      .list('acme')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SentryInvalidResponseError);
    expect(error).toMatchObject({ reason: 'schema', operation: 'issues.list', status: 200 });
  });
});

describe('issues.lookup', () => {
  it('asks for issues by id, of every status, as repeated group parameters under its own operation', async () => {
    const fake = fakeTransport({ body: issueList });
    const issues = await issuesResource(fake.transport).lookup('acme', ['10', 11], {
      priority: 'background',
    });
    expect(fake.requests[0]).toMatchObject({
      operation: 'issues.lookup',
      method: 'GET',
      path: '/api/0/organizations/acme/issues/',
      priority: 'background',
    });
    expect(queryOf(fake.requests[0])).toBe('query=&limit=2&group=10&group=11');
    expect(issues[0]).toMatchObject({ id: '1', shortId: 'PUMP-STATION-1' });
  });
});

describe('issues.poll', () => {
  it('asks for the most recently seen issues of every status, without stats, under its own operation', async () => {
    const fake = fakeTransport({ body: issueList });
    const issues = await issuesResource(fake.transport).poll('acme', { limit: 100 });
    expect(fake.requests[0]).toMatchObject({
      operation: 'issues.poll',
      path: '/api/0/organizations/acme/issues/',
    });
    expect(queryOf(fake.requests[0])).toBe('query=&sort=date&limit=100&groupStatsPeriod=');
    expect(issues).toHaveLength(issueList.length);
  });
});

describe('issues.get', () => {
  it('encodes the issue id into its own path segment', async () => {
    const fake = fakeTransport({ body: { id: '7', shortId: 'WEB-7' } });
    const issue = await issuesResource(fake.transport).get('acme', 'WEB-7');
    expect(fake.requests[0]).toMatchObject({
      operation: 'issues.get',
      path: '/api/0/organizations/acme/issues/WEB-7/',
    });
    expect(issue.shortId).toBe('WEB-7');
  });

  it('refuses a traversal id before anything is sent', async () => {
    const fake = fakeTransport();
    await expect(issuesResource(fake.transport).get('acme', '..')).rejects.toThrow(TypeError);
    expect(fake.requests).toHaveLength(0);
  });

  it('passes the caller signal to the transport', async () => {
    const fake = fakeTransport({ body: { id: '7' } });
    const controller = new AbortController();
    await issuesResource(fake.transport).get('acme', 7, { signal: controller.signal });
    expect(fake.requests[0]?.signal).toBe(controller.signal);
  });
});

describe('issues.update', () => {
  it('PUTs the change to the issue and returns the updated issue', async () => {
    const fake = fakeTransport({ body: { id: '7', status: 'resolved' } });
    const issue = await issuesResource(fake.transport).update('acme', '7', { status: 'resolved' });
    expect(fake.requests[0]).toMatchObject({
      operation: 'issues.update',
      method: 'PUT',
      path: '/api/0/organizations/acme/issues/7/',
      body: { status: 'resolved' },
    });
    expect(issue.status).toBe('resolved');
  });
});
