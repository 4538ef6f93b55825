/**
 * Dexter's search through `GET /issues` over the built-in store (standalone mode, so the store's
 * dialect plans the queries): refusals with a position, OR across fields (a fan-out the store
 * cannot run), `frame:` on the latest event's stack (a residual Dexter evaluates), cursors that
 * page such results without gaps or repeats, sparklines, and the autocomplete route.
 */
import type { IssueList, SearchSuggestions } from '@dexter/contracts';
import { envelopeOf, postEnvelope, type TestEventOptions, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
const titles = new Map<string, string>();

async function send(options: TestEventOptions) {
  const project = dexter.bootstrap!.projects[0]!;
  const res = await postEnvelope(
    dexter.url,
    project.id,
    new URL(project.dsn).username,
    envelopeOf(testEvent(options)),
  );
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  dexter = await startTestDexter();
  await Promise.all([
    send({ fingerprint: ['fatal'], type: 'CrashError', value: 'it crashed', level: 'fatal' }),
    send({ fingerprint: ['auth'], type: 'AuthError', value: 'token expired' }),
    send({ fingerprint: ['auth'], type: 'AuthError', value: 'token expired' }),
    send({
      fingerprint: ['billing'],
      type: 'PaymentError',
      value: 'card declined',
      functionName: 'chargeCard',
    }),
    send({ fingerprint: ['warn'], type: 'SlowWarning', value: 'slow query', level: 'warning' }),
  ]);
  for (const issue of (await list('query=')).issues) titles.set(issue.id, issue.title);
});
afterAll(() => dexter.close());

async function list(params: string): Promise<IssueList> {
  const res = await dexter.request(`/api/v1/organizations/dexter/issues?${params}`);
  expect(res.status).toBe(200);
  return (await res.json()) as IssueList;
}
const q = (query: string, extra = '') => `query=${encodeURIComponent(query)}${extra}`;
const typesOf = (page: IssueList) => page.issues.map((issue) => issue.metadata.type).sort();

/** Every page of a search, following `nextCursor`. */
async function allPages(params: string): Promise<IssueList[]> {
  const pages = [await list(params)];
  while (pages.at(-1)!.nextCursor && pages.length < 20) {
    pages.push(await list(`${params}&cursor=${encodeURIComponent(pages.at(-1)!.nextCursor!)}`));
  }
  return pages;
}

describe('invalid searches', () => {
  it('answers 400 with the position and what was expected, and says where in the message', async () => {
    const res = await dexter.request(`/api/v1/organizations/dexter/issues?${q('level:error OR')}`);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string; details: unknown } };
    expect(error.code).toBe('DEXTER_ERR_VALIDATION');
    expect(error.details).toEqual({ position: 14, expected: 'a search term after "OR"' });
    expect(error.message).toMatch(/at position 14/);
  });

  it('refuses a cursor of another search', async () => {
    const first = await list(q('frame:handle', '&limit=1'));
    const res = await dexter.request(
      `/api/v1/organizations/dexter/issues?${q('frame:orders', '&limit=1')}&cursor=${first.nextCursor}`,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/another search/);
  });
});

describe('OR across fields', () => {
  it('returns the union of both sides, merged and re-sorted, without a count', async () => {
    const page = await list(q('level:fatal OR error.type:AuthError', '&sort=freq'));
    expect(typesOf(page)).toEqual(['AuthError', 'CrashError']);
    expect(page.issues[0]!.metadata.type).toBe('AuthError');
    expect(page.hits).toBeNull();
  });

  it('pages the merged branches with a cursor, one issue at a time, each issue once', async () => {
    const pages = await allPages(q('level:fatal OR error.type:[AuthError, PaymentError]', '&limit=1'));
    const ids = pages.flatMap((page) => page.issues.map((issue) => issue.id));
    expect(ids.map((id) => titles.get(id)).sort()).toEqual([
      'AuthError: token expired',
      'CrashError: it crashed',
      'PaymentError: card declined',
    ]);
    expect(pages.at(-1)!.nextCursor).toBeNull();
  });

  it('combines a negated group with the rest', async () => {
    const page = await list(q('!(level:fatal OR level:warning) !error.type:PaymentError'));
    expect(typesOf(page)).toEqual(['AuthError']);
  });
});

describe('frame: search', () => {
  it('finds the issue whose latest event has a function of that name, and says how many it scanned', async () => {
    const page = await list(q('frame:chargecard'));
    expect(typesOf(page)).toEqual(['PaymentError']);
    expect(page.scanned).toBe(4);
    expect(page.truncated).toBe(false);
    expect(page.hits).toBeNull();
  });

  it('pages a residual scan with a cursor holding the upstream position', async () => {
    const pages = await allPages(q('frame.function:handle', '&limit=1&sort=new'));
    const ids = pages.flatMap((page) => page.issues.map((issue) => issue.id));
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });

  it('combines a frame term with upstream filters across fields', async () => {
    const page = await list(q('frame:chargeCard OR level:warning'));
    expect(typesOf(page)).toEqual(['PaymentError', 'SlowWarning']);
  });
});

describe('the plain stream', () => {
  it('counts with the upstream and carries a sparkline per issue', async () => {
    const page = await list(q('error.type:AuthError'));
    expect(page.hits).toBe(1);
    expect(page.scanned).toBeUndefined();
    const [issue] = page.issues;
    expect(issue!.stats!.length).toBeGreaterThanOrEqual(24);
    expect(issue!.stats!.reduce((sum, [, n]) => sum + n, 0)).toBe(2);
    expect(issue).toMatchObject({ isBookmarked: false, assignedTo: null, priority: 'medium' });
  });

  it('narrows by project and environment, and accepts the store sorts', async () => {
    const projectId = dexter.bootstrap!.projects[0]!.id;
    expect((await list(`query=&project=${projectId}&sort=trends`)).issues).toHaveLength(4);
    expect((await list('query=&project=999999')).issues).toHaveLength(0);
    expect((await list('query=&environment=production')).issues).toHaveLength(4);
    expect((await list('query=&environment=staging&environment=qa')).issues).toHaveLength(0);
  });
});

describe('GET /search/suggestions', () => {
  const suggest = async (query: string) => {
    const res = await dexter.request(
      `/api/v1/organizations/dexter/search/suggestions?query=${encodeURIComponent(query)}`,
    );
    expect(res.status).toBe(200);
    return (await res.json()) as SearchSuggestions;
  };

  it('offers keys, with the query that choosing one makes', async () => {
    const result = await suggest('is:unresolved enviro');
    const environment = result.suggestions.find((s) => s.text === 'environment');
    expect(environment).toMatchObject({
      kind: 'key',
      apply: { query: 'is:unresolved environment:', cursor: 26 },
    });
  });

  it('offers tag values seen on the top issues', async () => {
    const result = await suggest('environment:prod');
    expect(result.context).toMatchObject({ kind: 'value', key: 'environment', prefix: 'prod' });
    expect(result.suggestions.map((s) => s.text)).toContain('production');
    expect(result.suggestions[0]!.apply.query).toBe('environment:production ');
  });

  it('offers project slugs, assignees and comparison operators', async () => {
    const slug = dexter.bootstrap!.projects[0]!.slug;
    const projects = await suggest(`project:${slug.slice(0, 2)}`);
    expect(projects.suggestions).toContainEqual(
      expect.objectContaining({
        kind: 'value',
        text: slug,
        apply: { query: `project:${slug} `, cursor: slug.length + 9 },
      }),
    );
    const assignees = await suggest('assigned:');
    const texts = assignees.suggestions.map((s) => s.text);
    expect(texts).toEqual(expect.arrayContaining(['me', 'none']));
    expect(texts.some((text) => text.includes('@'))).toBe(true);
    const operators = await suggest('times_seen:');
    expect(operators.suggestions.filter((s) => s.kind === 'operator').map((s) => s.text)).toEqual([
      '>',
      '>=',
      '<',
      '<=',
    ]);
  });
});
