import { CSRF_COOKIE, IssueListSchema } from '@dexter/contracts';
import type { QueryFunctionContext } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiGet } from '../api/http';
import { parseIssueSearchParams } from '../features/issues/issue-search-params';
import { issueListQueryOptions } from '../features/issues/issues-queries';
import { type BootPage, bootScript, startBootRequests } from './boot-requests';

const signedIn = `theme=dark; ${CSRF_COOKIE}=abc123`;
const EMPTY_PAGE = { issues: [], nextCursor: null, previousCursor: null, hits: 0 };

function page(path: string, search = '', cookie = signedIn) {
  const asked: string[] = [];
  const env: BootPage = {
    cookie,
    path,
    search,
    get: (p) => {
      asked.push(p);
      return Promise.resolve(new Response('{}'));
    },
  };
  return { env, asked };
}

/** The path the stream's own query asks for its first page. */
async function streamQueryPath(org: string): Promise<string> {
  const fetchSpy = vi.fn(async () => Response.json(EMPTY_PAGE));
  vi.stubGlobal('fetch', fetchSpy);
  const options = issueListQueryOptions(org, parseIssueSearchParams(new URLSearchParams()));
  await options.queryFn?.({ pageParam: null, signal: new AbortController().signal } as QueryFunctionContext<
    typeof options.queryKey,
    string | null
  >);
  return String((fetchSpy.mock.calls[0] as unknown[] | undefined)?.[0]);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('startBootRequests', () => {
  it('asks for nothing without the session’s CSRF cookie (nobody signed in)', () => {
    const { env, asked } = page('/dexter/issues', '', 'theme=dark');
    expect(startBootRequests(env)).toEqual({ bootPath: null, reads: {} });
    expect(asked).toEqual([]);
  });

  it('starts the boot read and the stream’s first page, at the path the stream query asks for', async () => {
    const { env, asked } = page('/my%20org/issues');
    const started = startBootRequests(env);
    expect(started.bootPath).toBe('/api/v1/boot?org=my%20org');
    expect(asked).toEqual(['/api/v1/boot?org=my%20org', await streamQueryPath('my org')]);
    expect(Object.keys(started.reads)).toEqual(asked);
  });

  it('leaves the stream to the app when the URL holds filters or another page is open', () => {
    for (const [path, search] of [
      ['/dexter/issues', '?query=level%3Aerror'],
      ['/dexter/issues/42', ''],
      ['/dexter/releases', ''],
    ] as const) {
      const { env, asked } = page(path, search);
      expect(startBootRequests(env).bootPath).toBe('/api/v1/boot?org=dexter');
      expect(asked).toEqual(['/api/v1/boot?org=dexter']);
    }
  });

  it('boots without an org on the app’s own pages and at the root', () => {
    for (const path of ['/', '/sign-in', '/change-password', '/settings/tokens', '/admin/users']) {
      const { env, asked } = page(path);
      expect(startBootRequests(env).bootPath, path).toBe('/api/v1/boot');
      expect(asked).toEqual(['/api/v1/boot']);
    }
  });

  it('takes a malformed org segment as no org', () => {
    const { env } = page('/%E0%A4%A/issues');
    expect(startBootRequests(env).bootPath).toBe('/api/v1/boot');
  });

  it('runs as the self-contained inline script index.html carries', () => {
    const fetchSpy = vi.fn(async () => new Response('{}'));
    const window: { __dexterBoot?: unknown } = {};
    new Function('window', 'document', 'location', 'fetch', bootScript())(
      window,
      { cookie: signedIn },
      { pathname: '/dexter/issues', search: '' },
      fetchSpy,
    );
    expect(window.__dexterBoot).toMatchObject({ bootPath: '/api/v1/boot?org=dexter' });
    expect(fetchSpy).toHaveBeenCalledWith('/api/v1/boot?org=dexter', {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    });
  });
});

describe('prefetched reads', () => {
  it('hands a started read to the first GET of its path only; the next one asks the network', async () => {
    const page = EMPTY_PAGE;
    const path = '/api/v1/organizations/dexter/issues?query=is%3Aunresolved&sort=date&limit=50';
    const network = vi.fn(async () => Response.json(page));
    vi.stubGlobal('fetch', network);
    vi.stubGlobal('window', {
      __dexterBoot: { bootPath: null, reads: { [path]: Promise.resolve(Response.json(page)) } },
    });
    expect(await apiGet(path, IssueListSchema)).toEqual(page);
    expect(network).not.toHaveBeenCalled();
    expect(await apiGet(path, IssueListSchema)).toEqual(page);
    expect(network).toHaveBeenCalledTimes(1);
  });
});
