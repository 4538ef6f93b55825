import { describe, expect, it } from 'vitest';
import tagDetail from '../test-fixtures/issue-tag.json';
import tagValues from '../test-fixtures/issue-tag-values.json';
import { fakeTransport, queryOf } from '../testing/fake-transport';
import { issuesResource } from './issues';

const LINK =
  '<https://sentry.io/x/?cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", ' +
  '<https://sentry.io/x/?cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"';

describe('issue tags', () => {
  it('tags lists every key with its top values, restricted by key and limit', async () => {
    const fake = fakeTransport({ body: [tagDetail] });
    const tags = await issuesResource(fake.transport).tags('acme', 7, {
      key: ['flavors', 'level'],
      limit: 5,
    });
    expect(fake.requests[0]).toMatchObject({
      operation: 'issues.tags',
      path: '/api/0/organizations/acme/issues/7/tags/',
    });
    expect(queryOf(fake.requests[0])).toBe('key=flavors&key=level&limit=5');
    expect(tags[0]).toMatchObject({ key: 'flavors', totalValues: 3 });
    expect(tags[0]?.topValues?.[0]).toMatchObject({ value: 'strawberry', count: 2 });
  });

  it('tag fetches one key, encoding it into its own segment', async () => {
    const fake = fakeTransport({ body: tagDetail });
    const tag = await issuesResource(fake.transport).tag('acme', 7, 'browser.name');
    expect(fake.requests[0]).toMatchObject({
      operation: 'issues.tag',
      path: '/api/0/organizations/acme/issues/7/tags/browser.name/',
    });
    expect(tag.uniqueValues).toBe(2);
  });

  it('tagValues pages through values with the Link header', async () => {
    const fake = fakeTransport({ body: tagValues, headers: { link: LINK } });
    const page = await issuesResource(fake.transport).tagValues('acme', 7, 'flavors', {
      sort: '-count',
      perPage: 100,
    });
    expect(fake.requests[0]).toMatchObject({
      operation: 'issues.tagValues',
      path: '/api/0/organizations/acme/issues/7/tags/flavors/values/',
    });
    expect(queryOf(fake.requests[0])).toBe('per_page=100&sort=-count');
    expect(page.data.map((v) => v.value)).toEqual(['strawberry', 'vanilla', 'chocolate', 'neopolitan']);
    expect(page.page.next).toBe('0:100:0');
  });
});
