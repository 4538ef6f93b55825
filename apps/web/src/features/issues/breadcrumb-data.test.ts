import { describe, expect, it } from 'vitest';
import { describeData } from './breadcrumb-data';

describe('describeData', () => {
  it('writes strings as they are and other values as JSON, in the order given', () => {
    expect(describeData({ method: 'GET', url: '/api/cart', status_code: 502, headers: { a: 1 } })).toBe(
      'method=GET url=/api/cart status_code=502 headers={"a":1}',
    );
  });
});
