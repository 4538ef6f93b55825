import { describe, expect, it } from 'vitest';
import { createSentryClient } from './client';
import { fakeTransport } from './testing/fake-transport';

describe('createSentryClient', () => {
  it('sends every resource call through the one injected transport', async () => {
    const fake = fakeTransport(
      { body: { id: '1', slug: 'acme' } },
      { body: [] },
      { body: { id: '7' } },
      { body: { id: 'abc' } },
    );
    const client = createSentryClient({ transport: fake.transport });
    await client.organizations.get('acme');
    await client.projects.list('acme');
    await client.issues.get('acme', 7);
    await client.events.getForIssue('acme', 7, 'oldest');
    expect(fake.requests.map((req) => req.operation)).toEqual([
      'organizations.get',
      'projects.list',
      'issues.get',
      'events.getForIssue',
    ]);
  });
});
