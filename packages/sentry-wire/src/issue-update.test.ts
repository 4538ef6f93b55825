import { describe, expect, it } from 'vitest';
import { CommentBodySchema } from './activity';
import { IssueBulkUpdateSchema, IssueUpdateSchema } from './issue-update';

const messageOf = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  result.error?.issues[0]?.message;

describe('IssueUpdateSchema', () => {
  it('reads null ignore conditions and release as not set, as clients send them', () => {
    const body = {
      status: 'ignored',
      statusDetails: { ignoreCount: null, ignoreWindow: null, inRelease: null },
    };
    expect(IssueUpdateSchema.parse(body)).toEqual(body);
  });

  it("refuses a window longer than a week with DRF's message", () => {
    const result = IssueUpdateSchema.safeParse({
      status: 'ignored',
      statusDetails: { ignoreWindow: 10_081 },
    });
    expect(messageOf(result)).toBe('Ensure this value is less than or equal to 10080.');
    expect(IssueUpdateSchema.safeParse({ statusDetails: { ignoreUserWindow: 10_080 } }).success).toBe(true);
  });

  it('refuses counts below one, fractions and unknown statuses', () => {
    for (const body of [
      { statusDetails: { ignoreCount: 0 } },
      { statusDetails: { ignoreDuration: 1.5 } },
      { status: 'deleted' },
      { substatus: 'archived_for_a_while' },
    ]) {
      expect(IssueUpdateSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });

  it('leaves merge and discard to the bulk body', () => {
    expect(IssueUpdateSchema.parse({ merge: true, discard: true })).toEqual({});
    expect(IssueBulkUpdateSchema.parse({ merge: true, discard: false })).toEqual({
      merge: true,
      discard: false,
    });
  });
});

describe('CommentBodySchema', () => {
  it('trims the text and keeps mentions', () => {
    expect(CommentBodySchema.parse({ text: '  looks like #42 ', mentions: ['user:1'] })).toEqual({
      text: 'looks like #42',
      mentions: ['user:1'],
    });
  });

  it("refuses a missing or blank text with DRF's messages", () => {
    expect(messageOf(CommentBodySchema.safeParse({}))).toBe('This field is required.');
    expect(messageOf(CommentBodySchema.safeParse({ text: '   ' }))).toBe('This field may not be blank.');
  });
});
