import { describe, expect, it } from 'vitest';
import issueEvent from '../test-fixtures/issue-event.json';
import issueEventsList from '../test-fixtures/issue-events-list.json';
import { EventListItemSchema, EventSchema } from './event';
import { getBreadcrumbsEntry, getExceptionEntry, getMessageEntry, getRequestEntry } from './event-entries';

const event = EventSchema.parse(issueEvent);

describe('EventSchema', () => {
  it("parses Sentry's documented event with tags as objects", () => {
    expect(event).toMatchObject({
      id: '9999aaafcc8b46d797c23c6077c6ff01',
      groupID: '1341191803',
      platform: 'javascript',
    });
    expect(event.tags).toContainEqual({ key: 'environment', value: 'prod' });
  });

  it('reads numeric group and project ids as strings and accepts a bare event', () => {
    expect(EventSchema.parse({ id: 'abc', groupID: 12, projectID: 3 })).toEqual({
      id: 'abc',
      groupID: '12',
      projectID: '3',
    });
  });

  it('parses list items, whose type key is literally "event.type"', () => {
    const [item] = EventListItemSchema.array().parse(issueEventsList);
    expect(item).toMatchObject({ 'event.type': 'error', projectID: '49271', location: 'example.py:123' });
  });
});

describe('event entry readers', () => {
  it('read exception frames in camelCase, oldest first, with source context', () => {
    const exception = getExceptionEntry(event);
    const value = exception?.values?.[0];
    expect(value).toMatchObject({ type: 'ForbiddenError', mechanism: { type: 'generic', handled: true } });
    const frame = value?.stacktrace?.frames?.[0];
    expect(frame).toMatchObject({ function: 'ignoreOnError', lineNo: 71, colNo: 23, inApp: false });
    expect(frame?.context?.[5]).toEqual([71, '            return fn.apply(this, wrappedArguments);']);
  });

  it('read breadcrumbs', () => {
    const crumbs = getBreadcrumbsEntry(event)?.values ?? [];
    expect(crumbs).toHaveLength(3);
    expect(crumbs[1]).toMatchObject({ category: 'xhr', data: { status_code: 200 } });
  });

  it('read the request with headers and query as pairs', () => {
    expect(getRequestEntry(event)).toMatchObject({
      url: 'https://sentry.io/organizations/hellboy-meowmeow/issues/',
      query: [['project', '5236886']],
    });
  });

  it('read a message entry', () => {
    const withMessage = { entries: [{ type: 'message', data: { formatted: 'Payment failed for 42' } }] };
    expect(getMessageEntry(withMessage)).toEqual({ formatted: 'Payment failed for 42' });
  });

  it('return null for an absent entry', () => {
    expect(getMessageEntry(event)).toBeNull();
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
