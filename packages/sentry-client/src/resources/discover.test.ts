import { describe, expect, it } from 'vitest';
import { fakeTransport, queryOf } from '../testing/fake-transport';
import { discoverResource } from './discover';

describe('discover.table', () => {
  it('asks for the errors dataset with repeated fields and reads the rows', async () => {
    const fake = fakeTransport({
      body: {
        data: [{ 'geo.country_code': 'BR', 'count()': 4, 'count_unique(user)': 3 }],
        meta: { fields: { 'geo.country_code': 'string', 'count()': 'integer' }, units: {} },
      },
    });
    const table = await discoverResource(fake.transport).table('acme', {
      field: ['geo.country_code', 'count()', 'count_unique(user)'],
      query: 'issue.id:[1,2]',
      statsPeriod: '14d',
      sort: '-count()',
      perPage: 100,
    });
    expect(fake.requests[0]).toMatchObject({
      operation: 'discover.events',
      method: 'GET',
      path: '/api/0/organizations/acme/events/',
    });
    expect(queryOf(fake.requests[0])).toBe(
      'dataset=errors&field=geo.country_code&field=count()&field=count_unique(user)&statsPeriod=14d&query=issue.id:[1,2]&sort=-count()&per_page=100',
    );
    expect(table.data[0]).toEqual({ 'geo.country_code': 'BR', 'count()': 4, 'count_unique(user)': 3 });
  });
});
