/**
 * The detail page's event from Sentry's: an exception whose frames source maps rewrote carries
 * the SDK's frames as `rawFrames` (from `rawStacktrace`); one without them has `rawFrames: null`.
 */
import type { Event as SentryEvent } from '@dexter/sentry-client';
import { describe, expect, it } from 'vitest';
import { toEvent } from './event-mapper';

const frame = (fn: string, file: string, lineNo: number) => ({
  function: fn,
  filename: file,
  absPath: file,
  lineNo,
  colNo: 3,
  inApp: true,
  context: [[lineNo, `line ${lineNo}`]],
});

const eventWith = (value: Record<string, unknown>) =>
  ({
    id: 'e1',
    eventID: 'e1',
    title: 'Error: Cart is empty',
    entries: [{ type: 'exception', data: { values: [{ type: 'Error', value: 'Cart is empty', ...value }] } }],
  }) as unknown as SentryEvent;

describe('toEvent', () => {
  it('keeps the minified frames of a symbolicated exception as rawFrames', () => {
    const event = toEvent(
      eventWith({
        stacktrace: { frames: [frame('validateCart', 'src/checkout.ts', 7)] },
        rawStacktrace: { frames: [frame('r', '/srv/dist/app.min.js', 2)] },
      }),
    );
    const [exception] = event.exceptions;
    expect(exception!.frames.map((f) => [f.function, f.filename, f.lineNo])).toEqual([
      ['validateCart', 'src/checkout.ts', 7],
    ]);
    expect(exception!.rawFrames?.map((f) => [f.function, f.filename, f.lineNo])).toEqual([
      ['r', '/srv/dist/app.min.js', 2],
    ]);
  });

  it('has no raw frames when Sentry sent none', () => {
    const event = toEvent(
      eventWith({ stacktrace: { frames: [frame('a', 'a.js', 1)] }, rawStacktrace: null }),
    );
    expect(event.exceptions[0]!.rawFrames).toBeNull();
  });

  it('keeps what a breadcrumb carries in data, and null for an empty one', () => {
    const event = toEvent({
      id: 'e2',
      eventID: 'e2',
      title: 'Error',
      entries: [
        {
          type: 'breadcrumbs',
          data: {
            values: [
              { category: 'http', data: { method: 'GET', url: '/api/cart', status_code: 502 } },
              { category: 'console', message: 'hi', data: {} },
            ],
          },
        },
      ],
    } as unknown as SentryEvent);
    expect(event.breadcrumbs.map((crumb) => crumb.data)).toEqual([
      { method: 'GET', url: '/api/cart', status_code: 502 },
      null,
    ]);
  });
});
