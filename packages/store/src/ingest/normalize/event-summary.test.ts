import { describe, expect, it } from 'vitest';
import { normalizeEvent } from './normalize-event';

const ctx = { projectId: 1, receivedAt: Date.parse('2026-11-21T10:00:00Z') };
const norm = (raw: Record<string, unknown>) => normalizeEvent(raw, ctx);

const frame = (fn: string, extra: Record<string, unknown> = {}) => ({
  function: fn,
  filename: `/app/${fn}.py`,
  module: `app.${fn}`,
  lineno: 1,
  in_app: true,
  ...extra,
});

describe('title', () => {
  it('is "<type>: <first line of value>" for errors', () => {
    expect(norm({ exception: [{ type: 'ValueError', value: 'bad input\nsecond line' }] }).title).toBe(
      'ValueError: bad input',
    );
  });

  it('truncates the value part to 100 characters with an ellipsis', () => {
    const title = norm({ exception: [{ type: 'E', value: 'v'.repeat(300) }] }).title;
    expect(title).toBe(`E: ${'v'.repeat(99)}…`);
  });

  it('is the type alone when there is no value', () => {
    expect(norm({ exception: [{ type: 'KeyError' }] }).title).toBe('KeyError');
  });

  it('defaults the type to "Error" when only a value is sent', () => {
    expect(norm({ exception: [{ value: 'boom' }] }).title).toBe('Error: boom');
  });

  it('uses the last (thrown) exception of a chain', () => {
    expect(
      norm({
        exception: {
          values: [
            { type: 'Cause', value: 'c' },
            { type: 'Outer', value: 'o' },
          ],
        },
      }).title,
    ).toBe('Outer: o');
  });

  it('leaves out the type of a synthetic exception and names the crash function instead', () => {
    const event = norm({
      exception: [
        {
          type: 'Error',
          value: 'x',
          mechanism: { synthetic: true },
          stacktrace: { frames: [frame('render')] },
        },
      ],
    });
    expect(event.title).toBe('render');
    expect(event.metadata.type).toBeUndefined();
    expect(event.culprit).toBe('');
  });

  it('is the first message line, 100 characters, for default events', () => {
    expect(norm({ message: '  Payment failed\ndetails' }).title).toBe('Payment failed');
    expect(norm({ message: 'm'.repeat(150) }).title).toHaveLength(100);
    expect(norm({ message: 'm'.repeat(150) }).metadata.title).toHaveLength(100);
  });

  it('is "<unlabeled event>" when there is nothing to show', () => {
    expect(norm({ message: '   ' }).title).toBe('<unlabeled event>');
  });
});

describe('culprit', () => {
  it('prefers the SDK culprit, then the transaction', () => {
    expect(norm({ culprit: 'legacy', transaction: 't' }).culprit).toBe('legacy');
    expect(norm({ transaction: 'POST /checkout' }).culprit).toBe('POST /checkout');
  });

  it('names the innermost in-app frame as "<module> in <function>"', () => {
    const frames = [
      frame('main'),
      frame('handler'),
      frame('lib_call', { in_app: false, module: 'requests.api' }),
    ];
    expect(norm({ platform: 'python', exception: [{ type: 'E', stacktrace: { frames } }] }).culprit).toBe(
      'app.handler in handler',
    );
  });

  it('uses "<function>(<module or file>)" for JavaScript and Node, as Sentry does', () => {
    const frames = [{ function: 'onClick', filename: 'app:///static/js/main.js', in_app: true }];
    expect(norm({ platform: 'javascript', exception: [{ type: 'E', stacktrace: { frames } }] }).culprit).toBe(
      'onClick(app:///static/js/main.js)',
    );
  });

  it('falls back to the innermost frame when none is in app, and to "?" for a missing function', () => {
    const frames = [{ module: 'os', function: 'open' }, { module: 'io' }];
    expect(norm({ platform: 'python', exception: [{ type: 'E', stacktrace: { frames } }] }).culprit).toBe(
      'io in ?',
    );
  });

  it('falls back to the request URL, then to ""', () => {
    expect(norm({ message: 'x', request: { url: 'https://shop.test/cart' } }).culprit).toBe(
      'https://shop.test/cart',
    );
    expect(norm({ message: 'x' }).culprit).toBe('');
  });
});

describe('metadata', () => {
  it('records the in-app frame mix', () => {
    const mix = (inApp: boolean[]) =>
      norm({
        exception: [
          { type: 'E', stacktrace: { frames: inApp.map((in_app, i) => frame(`f${i}`, { in_app })) } },
        ],
      }).metadata.in_app_frame_mix;
    expect(mix([true, true])).toBe('in-app-only');
    expect(mix([false])).toBe('system-only');
    expect(mix([false, true])).toBe('mixed');
    expect(mix([])).toBeUndefined();
  });

  it('caps the metadata value at 1024 characters', () => {
    expect(norm({ exception: [{ type: 'E', value: 'v'.repeat(5000) }] }).metadata.value).toHaveLength(1024);
  });
});
