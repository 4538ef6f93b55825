import { describe, expect, it } from 'vitest';
import { EventSchema } from './event';
import { getExceptionEntry, getMessageEntry } from './event-entries';

describe('EventSchema', () => {
  it('reads numeric group and project ids as strings and accepts a bare event', () => {
    expect(EventSchema.parse({ id: 'abc', groupID: 12, projectID: 3 })).toEqual({
      id: 'abc',
      groupID: '12',
      projectID: '3',
    });
  });
});

describe('event entry readers', () => {
  it('read a message entry', () => {
    const withMessage = { entries: [{ type: 'message', data: { formatted: 'Payment failed for 42' } }] };
    expect(getMessageEntry(withMessage)).toEqual({ formatted: 'Payment failed for 42' });
  });

  it('return null for an absent entry', () => {
    expect(getMessageEntry({ entries: [{ type: 'exception', data: {} }] })).toBeNull();
    expect(getExceptionEntry({})).toBeNull();
  });

  it('return null for unreadable entry data instead of throwing', () => {
    expect(getExceptionEntry({ entries: [{ type: 'exception', data: 'corrupt' }] })).toBeNull();
  });

  it('keep a frame whose context is malformed, dropping only the context', () => {
    const odd = {
      entries: [
        {
          type: 'exception',
          data: { values: [{ stacktrace: { frames: [{ lineNo: 3, context: 'oops' }] } }] },
        },
      ],
    };
    expect(getExceptionEntry(odd)?.values?.[0]?.stacktrace?.frames).toEqual([{ lineNo: 3, context: null }]);
  });
});
