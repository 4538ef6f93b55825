import { describe, expect, it } from 'vitest';
import { type ListResult, pageInfo, paginate, parseLinkHeader } from './pagination';

// Verbatim shape of `Endpoint.add_cursor_headers` on sentry.io.
const FIRST_PAGE =
  '<https://sentry.io/api/0/organizations/acme/issues/?query=is%3Aunresolved&limit=25&cursor=0:0:1>; ' +
  'rel="previous"; results="false"; cursor="0:0:1", ' +
  '<https://sentry.io/api/0/organizations/acme/issues/?query=is%3Aunresolved&limit=25&cursor=0:25:0>; ' +
  'rel="next"; results="true"; cursor="0:25:0"';

const MIDDLE_PAGE =
  '<https://sentry.io/api/0/organizations/acme/issues/?limit=25&cursor=1735689600000:0:1>; ' +
  'rel="previous"; results="true"; cursor="1735689600000:0:1", ' +
  '<https://sentry.io/api/0/organizations/acme/issues/?limit=25&cursor=1735603200000:0:0>; ' +
  'rel="next"; results="true"; cursor="1735603200000:0:0"';

const LAST_PAGE =
  '<https://sentry.io/api/0/organizations/acme/issues/?cursor=0:25:1>; rel="previous"; results="true"; cursor="0:25:1", ' +
  '<https://sentry.io/api/0/organizations/acme/issues/?cursor=0:75:0>; rel="next"; results="false"; cursor="0:75:0"';

describe('parseLinkHeader', () => {
  it('returns only the next cursor on a first page (previous has results="false")', () => {
    expect(parseLinkHeader(FIRST_PAGE)).toEqual({ next: '0:25:0', previous: null });
  });

  it('returns both cursors on a middle page', () => {
    expect(parseLinkHeader(MIDDLE_PAGE)).toEqual({
      next: '1735603200000:0:0',
      previous: '1735689600000:0:1',
    });
  });

  it('returns no next cursor on the last page even though Sentry still writes one', () => {
    expect(parseLinkHeader(LAST_PAGE)).toEqual({ next: null, previous: '0:25:1' });
  });

  it('is not split by commas inside the URL', () => {
    const header =
      '<https://sentry.io/api/0/organizations/acme/issues/?query=a,b&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", ' +
      '<https://sentry.io/api/0/organizations/acme/issues/?query=a,b&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"';
    expect(parseLinkHeader(header)).toEqual({ next: '0:100:0', previous: null });
  });

  it('falls back to the URL cursor when the cursor attribute is missing', () => {
    const header = '<https://sentry.io/api/0/projects/?cursor=0:100:0>; rel="next"; results="true"';
    expect(parseLinkHeader(header).next).toBe('0:100:0');
  });

  it('ignores links without results="true", as a generic RFC 8288 header would be', () => {
    expect(parseLinkHeader('<https://example.com/?cursor=0:100:0>; rel="next"')).toEqual({
      next: null,
      previous: null,
    });
  });

  it.each([undefined, null, '', 'garbage', '<unterminated; rel="next"', ';;;,,,<>'])(
    'yields nulls for a missing or garbled header %j',
    (header) => {
      expect(parseLinkHeader(header)).toEqual({ next: null, previous: null });
    },
  );
});

describe('pageInfo', () => {
  it('combines the Link header with X-Hits', () => {
    expect(pageInfo({ status: 200, headers: { link: FIRST_PAGE, 'x-hits': '1234' }, body: [] })).toEqual({
      next: '0:25:0',
      previous: null,
      hits: 1234,
    });
  });

  it('reports null hits when X-Hits is absent or not a number', () => {
    expect(pageInfo({ status: 200, headers: { 'x-hits': 'lots' }, body: [] }).hits).toBeNull();
  });
});

function page(data: number[], next: string | null): ListResult<number> {
  return { data, page: { next, previous: null, hits: null } };
}

async function collect<T>(pages: AsyncIterable<ListResult<T>>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const p of pages) out.push(p.data);
  return out;
}

describe('paginate', () => {
  it('follows next cursors until Sentry reports no more results', async () => {
    const book: Record<string, ListResult<number>> = {
      start: page([1, 2], 'c1'),
      c1: page([3, 4], 'c2'),
      c2: page([5], null),
    };
    const asked: Array<string | undefined> = [];
    const pages = paginate(async (cursor) => {
      asked.push(cursor);
      return book[cursor ?? 'start'] ?? page([], null);
    });
    expect(await collect(pages)).toEqual([[1, 2], [3, 4], [5]]);
    expect(asked).toEqual([undefined, 'c1', 'c2']);
  });

  it('stops at maxPages and leaves the next cursor on the last page', async () => {
    let n = 0;
    const seen: Array<ListResult<number>> = [];
    for await (const p of paginate(async () => page([n], `c${++n}`), { maxPages: 3 })) seen.push(p);
    expect(seen.map((p) => p.data)).toEqual([[0], [1], [2]]);
    expect(seen.at(-1)?.page.next).toBe('c3');
  });

  it('stops when a cursor repeats instead of looping', async () => {
    const fetched = await collect(paginate(async () => page([1], 'same'), { maxPages: 50 }));
    expect(fetched).toHaveLength(2);
  });

  it('starts from a given cursor', async () => {
    const asked: Array<string | undefined> = [];
    await collect(
      paginate(
        async (cursor) => {
          asked.push(cursor);
          return page([], null);
        },
        { cursor: '0:100:0' },
      ),
    );
    expect(asked).toEqual(['0:100:0']);
  });
});
