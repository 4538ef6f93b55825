import { getExceptionEntry } from '@dexter/sentry-wire';
import { describe, expect, it } from 'vitest';
import issueEvent from '../test-fixtures/issue-event.json';
import issueEventsList from '../test-fixtures/issue-events-list.json';
import { fakeTransport, queryOf } from '../testing/fake-transport';
import { eventsResource } from './events';

describe('events.listForIssue', () => {
  it('lists the events of an issue with cursor and page size', async () => {
    const fake = fakeTransport({ body: issueEventsList });
    const result = await eventsResource(fake.transport).listForIssue('acme', '1889724436', {
      cursor: '0:100:0',
      perPage: 50,
    });
    expect(fake.requests[0]).toMatchObject({
      operation: 'events.listForIssue',
      method: 'GET',
      path: '/api/0/organizations/acme/issues/1889724436/events/',
    });
    expect(queryOf(fake.requests[0])).toBe('cursor=0:100:0&per_page=50');
    expect(result.data[0]?.eventID).toBe('9fac2ceed9344f2bbfdd1fdacb0ed9b1');
    expect(result.page).toEqual({ next: null, previous: null, hits: null });
  });

  it('sends full only when asked, since Sentry may read full=false as true', async () => {
    const fake = fakeTransport({ body: [] }, { body: [] });
    const events = eventsResource(fake.transport);
    await events.listForIssue('acme', 1, { full: false });
    await events.listForIssue('acme', 1, { full: true });
    expect(fake.requests.map(queryOf)).toEqual(['', 'full=true']);
  });
});

describe('events.getForIssue', () => {
  it('fetches the latest event and exposes its exception entry', async () => {
    const fake = fakeTransport({ body: issueEvent });
    const event = await eventsResource(fake.transport).getForIssue('acme', '1341191803', 'latest');
    expect(fake.requests[0]).toMatchObject({
      operation: 'events.getForIssue',
      path: '/api/0/organizations/acme/issues/1341191803/events/latest/',
    });
    expect(getExceptionEntry(event)?.values?.[0]?.type).toBe('ForbiddenError');
  });

  it('fetches an event by hex id', async () => {
    const fake = fakeTransport({ body: { id: 'abc' } });
    await eventsResource(fake.transport).getForIssue('acme', 1, '9fac2ceed9344f2bbfdd1fdacb0ed9b1');
    expect(fake.requests[0]?.path).toBe(
      '/api/0/organizations/acme/issues/1/events/9fac2ceed9344f2bbfdd1fdacb0ed9b1/',
    );
  });
});
