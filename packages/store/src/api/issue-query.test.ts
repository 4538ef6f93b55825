import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { parseIssueQuery } from './issue-query';

describe('parseIssueQuery', () => {
  it('splits status, key:value terms, negation, quoted values and free text', () => {
    expect(
      parseIssueQuery('is:unresolved level:error !environment:staging release:"1.0 beta" db "timed out"'),
    ).toEqual({
      statuses: ['unresolved'],
      excludedStatuses: [],
      terms: [
        { key: 'level', value: 'error', negated: false },
        { key: 'environment', value: 'staging', negated: true },
        { key: 'release', value: '1.0 beta', negated: false },
      ],
      text: ['db', 'timed out'],
    });
  });

  it('maps archived to ignored and refuses unknown statuses', () => {
    expect(parseIssueQuery('is:archived').statuses).toEqual(['ignored']);
    expect(() => parseIssueQuery('is:sleeping')).toThrow(ApiError);
    expect(() => parseIssueQuery('level:')).toThrow(/Empty value/);
  });
});
