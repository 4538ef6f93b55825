import { describe, expect, it } from 'vitest';
import { answerIssueTags, listStatusTags, statusChangeTags } from './derived-tags';

describe('derived cache tags', () => {
  it.each([
    [undefined, ['issues-status:unresolved']],
    ['is:unresolved level:error', ['issues-status:unresolved']],
    ['is:archived', ['issues-status:ignored']],
    ['is:resolved is:unresolved', ['issues-status:resolved', 'issues-status:unresolved']],
    ['!is:resolved', ['issues-status:other']],
    ['is:escalating', ['issues-status:other']],
    ['is:assigned is:unresolved', ['issues-status:unresolved']],
    ['', []],
    ['checkout failed', []],
  ])('tags a list asked for with query %j as %j', (query, tags) => {
    expect(listStatusTags(query === undefined ? {} : { query })).toEqual(tags);
  });

  it('reads the query from URLSearchParams too', () => {
    expect(listStatusTags(new URLSearchParams('query=is:resolved'))).toEqual(['issues-status:resolved']);
  });

  it.each([
    [{ status: 'resolved', statusDetails: {} }, ['issues-status:resolved', 'issues-status:other']],
    [{ status: 'resolvedInNextRelease' }, ['issues-status:resolved', 'issues-status:other']],
    [
      { status: 'ignored', substatus: 'archived_until_escalating', statusDetails: {} },
      ['issues-status:ignored', 'issues-status:other'],
    ],
    [{ status: 'resolved', assignedTo: 'user:1' }, ['issues']],
    [{ isBookmarked: true }, ['issues']],
    [{ status: 'merged' }, ['issues']],
    [null, ['issues']],
  ])('drops, for a change %j, the lists %j', (body, tags) => {
    expect(statusChangeTags(body)).toEqual(tags);
  });

  it('tags a list answer with the state of each issue it holds', () => {
    expect(answerIssueTags([{ id: '7' }, { id: 8 }, { title: 'no id' }, null])).toEqual([
      'issue-state:7',
      'issue-state:8',
    ]);
    expect(answerIssueTags({ id: '7' })).toEqual([]);
  });
});
