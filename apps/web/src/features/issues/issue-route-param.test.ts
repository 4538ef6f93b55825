import { describe, expect, it } from 'vitest';
import { isNumericIssueId, isShortId } from './issue-route-param';

describe('issue route param', () => {
  it('tells numeric ids from short ids', () => {
    expect(isNumericIssueId('123')).toBe(true);
    expect(isShortId('123')).toBe(false);
    expect(isShortId('DEMO-1')).toBe(true);
    expect(isShortId('my-shop-2A')).toBe(true);
    expect(isShortId('DEMO')).toBe(false);
    expect(isShortId('../x')).toBe(false);
  });
});
