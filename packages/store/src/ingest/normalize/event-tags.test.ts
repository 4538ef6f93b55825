import { describe, expect, it } from 'vitest';
import { normalizeEvent } from './normalize-event';

const ctx = { projectId: 1, receivedAt: Date.parse('2026-11-21T10:00:00Z') };
const tagsOf = (raw: Record<string, unknown>) => normalizeEvent(raw, ctx).tags;

describe('event tags', () => {
  it('reads tags as an object or as [key, value] pairs', () => {
    expect(tagsOf({ tags: { feature: 'checkout', retries: 3, beta: true } })).toEqual([
      ['feature', 'checkout'],
      ['retries', '3'],
      ['beta', 'true'],
      ['level', 'error'],
    ]);
    expect(tagsOf({ tags: [['feature', 'checkout'], ['bad'], 'x'] })).toEqual([
      ['feature', 'checkout'],
      ['level', 'error'],
    ]);
  });

  it('drops keys Sentry would reject and empty or non-scalar values', () => {
    const tags = tagsOf({
      tags: {
        'has space': 'a',
        ['k'.repeat(33)]: 'b',
        'ok.key:1-x_y': 'c',
        empty: '',
        obj: { a: 1 },
        nil: null,
      },
    });
    expect(tags).toEqual([
      ['ok.key:1-x_y', 'c'],
      ['level', 'error'],
    ]);
  });

  it('makes values single-line and at most 200 characters', () => {
    const tags = Object.fromEntries(tagsOf({ tags: { multi: 'a\nb\tc', long: 'v'.repeat(500) } }));
    expect(tags.multi).toBe('a b c');
    expect(tags.long).toHaveLength(200);
  });

  it('keeps the first of duplicate SDK tags, and lets derived tags override in place', () => {
    const tags = tagsOf({
      tags: [
        ['a', '1'],
        ['a', '2'],
        ['level', 'fake'],
        ['z', '9'],
      ],
      level: 'warning',
    });
    expect(tags).toEqual([
      ['a', '1'],
      ['level', 'warning'],
      ['z', '9'],
    ]);
  });

  it('derives user, url, device and context tags, finding contexts by type too', () => {
    const tags = Object.fromEntries(
      tagsOf({
        user: { id: 42, email: 'a@b.c' },
        request: { url: 'https://x.test/a?b=1#c' },
        logger: 'payments',
        contexts: {
          client_browser: { type: 'browser', name: 'Chrome', version: '131.0' },
          device: { model: 'Pixel 8', family: 'Pixel' },
          runtime: { name: 'CPython' },
        },
      }),
    );
    expect(tags).toMatchObject({
      user: 'id:42',
      url: 'https://x.test/a',
      logger: 'payments',
      browser: 'Chrome 131.0',
      'browser.name': 'Chrome',
      device: 'Pixel 8',
      'device.family': 'Pixel',
      runtime: 'CPython',
      'runtime.name': 'CPython',
    });
  });

  it('tags handled as yes when every mechanism was handled', () => {
    const tags = Object.fromEntries(
      tagsOf({ exception: [{ type: 'E', mechanism: { type: 'generic', handled: true } }] }),
    );
    expect(tags).toMatchObject({ handled: 'yes', mechanism: 'generic' });
  });
});
