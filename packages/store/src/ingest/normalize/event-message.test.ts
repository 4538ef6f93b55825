import { describe, expect, it } from 'vitest';
import { extractMessage } from './event-message';

describe('extractMessage', () => {
  it('prefers logentry.formatted', () => {
    expect(extractMessage({ logentry: { formatted: 'User 5 gone', message: 'User %s gone' } })).toEqual({
      message: 'User 5 gone',
      template: 'User %s gone',
    });
  });

  it('applies printf-style params, keeping %% and unmatched directives', () => {
    expect(extractMessage({ logentry: { message: '%s of %d done (100%%) %s', params: ['3', 10] } })).toEqual({
      message: '3 of 10 done (100%) %s',
      template: '%s of %d done (100%%) %s',
    });
  });

  it('applies positional {0} and named {name} params', () => {
    expect(extractMessage({ logentry: { message: 'Order {0} by {1}', params: ['A1', 'bob'] } }).message).toBe(
      'Order A1 by bob',
    );
    expect(
      extractMessage({ logentry: { message: 'Hi {user} {missing} {constructor}', params: { user: 'ann' } } })
        .message,
    ).toBe('Hi ann {missing} {constructor}');
  });

  it('has no template when there were no params to apply', () => {
    expect(extractMessage({ logentry: { message: 'plain' } })).toEqual({ message: 'plain', template: null });
  });

  it('reads the legacy top-level message as a string or an object', () => {
    expect(extractMessage({ message: 'hello' }).message).toBe('hello');
    expect(extractMessage({ message: { formatted: 'from object' } }).message).toBe('from object');
  });

  it('prefers logentry over message', () => {
    expect(extractMessage({ logentry: { message: 'a' }, message: 'b' }).message).toBe('a');
  });

  it('skips unusable sources', () => {
    expect(extractMessage({ logentry: { message: 5 }, message: 'fallback' }).message).toBe('fallback');
    expect(extractMessage({ message: '' })).toEqual({ message: null, template: null });
  });

  it('truncates to 8 KiB', () => {
    const message = extractMessage({ message: 'x'.repeat(20_000) }).message;
    expect(message).toHaveLength(8192);
    expect(message?.endsWith('…')).toBe(true);
  });
});
