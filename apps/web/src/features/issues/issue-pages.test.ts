import type { Issue, IssueList } from '@dexter/contracts';
import { describe, expect, it } from 'vitest';
import { flattenIssuePages, type IssueListPages, patchIssueInPages } from './issue-pages';

const issue = (id: string, status = 'unresolved'): Issue => ({
  id,
  shortId: `APP-${id}`,
  title: `Error ${id}`,
  culprit: 'app.js',
  level: 'error',
  status,
  platform: 'node',
  count: 1,
  userCount: 0,
  firstSeen: null,
  lastSeen: null,
  project: { id: '1', slug: 'app', name: 'App' },
  metadata: {},
  permalink: null,
});

const page = (ids: string[], hits: number | null = null): IssueList => ({
  issues: ids.map((id) => issue(id)),
  nextCursor: null,
  previousCursor: null,
  hits,
});

const pages = (...list: IssueList[]): IssueListPages => ({ pages: list, pageParams: list.map(() => null) });

describe('flattenIssuePages', () => {
  it('concatenates pages in order and takes the total from the first page', () => {
    const stream = flattenIssuePages(pages(page(['1', '2'], 40), page(['3'], null)));
    expect(stream.issues.map((i) => i.id)).toEqual(['1', '2', '3']);
    expect(stream.hits).toBe(40);
  });

  it('keeps the first copy when cursor pages overlap', () => {
    expect(flattenIssuePages(pages(page(['1', '2']), page(['2', '3']))).issues.map((i) => i.id)).toEqual([
      '1',
      '2',
      '3',
    ]);
  });

  it('has no total for an empty cache', () => {
    expect(flattenIssuePages(pages())).toEqual({ issues: [], hits: null });
  });
});

describe('patchIssueInPages', () => {
  it('patches the issue wherever it is and leaves the others untouched', () => {
    const before = pages(page(['1']), page(['2']));
    const after = patchIssueInPages(before, '2', { status: 'resolved' });
    expect(after.pages[1]?.issues[0]?.status).toBe('resolved');
    expect(after.pages[0]?.issues[0]).toBe(before.pages[0]?.issues[0]);
    expect(before.pages[1]?.issues[0]?.status).toBe('unresolved');
  });
});
