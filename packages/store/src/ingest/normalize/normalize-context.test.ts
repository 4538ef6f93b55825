import { describe, expect, it } from 'vitest';
import { boundJson } from './coerce';
import {
  normalizeBreadcrumbs,
  normalizeContexts,
  normalizeSdk,
  normalizeUser,
  toIso,
} from './normalize-context';
import { normalizeRequest } from './normalize-request';

describe('normalizeUser', () => {
  it('converts fields and the geo block', () => {
    expect(
      normalizeUser(
        {
          id: 42,
          email: 'a@b.c',
          username: 'ann',
          ip_address: '198.51.100.1',
          geo: { country_code: 'DE', city: 'Berlin' },
        },
        undefined,
      ),
    ).toEqual({
      id: '42',
      email: 'a@b.c',
      username: 'ann',
      ipAddress: '198.51.100.1',
      geo: { countryCode: 'DE', city: 'Berlin' },
    });
  });

  it('replaces {{auto}} with the client IP, or null when unknown', () => {
    expect(normalizeUser({ ip_address: '{{auto}}' }, '203.0.113.9')?.ipAddress).toBe('203.0.113.9');
    expect(normalizeUser({ ip_address: '{{auto}}' }, undefined)).toBeNull();
  });

  it('is null when nothing usable is present', () => {
    expect(normalizeUser({ id: {}, email: 5 }, undefined)).toBeNull();
    expect(normalizeUser('user', undefined)).toBeNull();
  });
});

describe('normalizeRequest', () => {
  it('parses a raw query string and uppercases the method', () => {
    expect(normalizeRequest({ method: 'post', query_string: 'a=1&b=two+words&c=%2F' })).toMatchObject({
      method: 'POST',
      query: [
        ['a', '1'],
        ['b', 'two words'],
        ['c', '/'],
      ],
    });
  });

  it('reads query and headers as objects or pairs, filtering credentials', () => {
    const request = normalizeRequest({
      query_string: [['q', 'x'], ['n', 5], ['bad']],
      headers: { Authorization: 'Bearer t', 'X-Trace': 'abc', Cookie: 'sid=1' },
      env: { REMOTE_ADDR: '10.0.0.1', weird: {} },
      cookies: { sid: '1' },
    });
    expect(request).toMatchObject({
      query: [
        ['q', 'x'],
        ['n', '5'],
      ],
      headers: [
        ['Authorization', '[Filtered]'],
        ['X-Trace', 'abc'],
        ['Cookie', '[Filtered]'],
      ],
      env: { REMOTE_ADDR: '10.0.0.1' },
    });
    expect(JSON.stringify(request)).not.toContain('sid');
  });

  it('keeps body data bounded', () => {
    const request = normalizeRequest({ data: { note: 'x'.repeat(20_000) } });
    expect(request?.data).toEqual({ note: `${'x'.repeat(8191)}…` });
  });

  it('is null when empty or not an object', () => {
    expect(normalizeRequest({})).toBeNull();
    expect(normalizeRequest([])).toBeNull();
  });
});

describe('normalizeBreadcrumbs', () => {
  it('accepts {values: [...]} and bare arrays, converting both timestamp forms to ISO', () => {
    const crumbs = normalizeBreadcrumbs({
      values: [
        { timestamp: 1_795_255_200.5, message: 'a', level: 'info' },
        { timestamp: '2026-11-21T10:00:01Z', category: 'ui.click', data: { target: 'button' } },
        { timestamp: 1e20 },
        'junk',
      ],
    });
    expect(crumbs.map((c) => c.timestamp)).toEqual([
      '2026-11-21T10:00:00.500Z',
      '2026-11-21T10:00:01.000Z',
      null,
    ]);
    expect(crumbs[1]).toMatchObject({ category: 'ui.click', data: { target: 'button' } });
    expect(normalizeBreadcrumbs([{ message: 'bare' }])[0]?.message).toBe('bare');
  });

  it('keeps the 100 most recent, oldest first', () => {
    const crumbs = normalizeBreadcrumbs(Array.from({ length: 150 }, (_, i) => ({ message: `m${i}` })));
    expect(crumbs).toHaveLength(100);
    expect(crumbs[0]?.message).toBe('m50');
    expect(crumbs.at(-1)?.message).toBe('m149');
  });
});

describe('normalizeSdk and normalizeContexts', () => {
  it('reads name and version, null when both are missing', () => {
    expect(normalizeSdk({ name: 'sentry.python', version: 2 })).toEqual({
      name: 'sentry.python',
      version: null,
    });
    expect(normalizeSdk({})).toBeNull();
  });

  it('keeps only object contexts', () => {
    expect(normalizeContexts({ os: { name: 'Linux' }, bad: 'x', list: [1] })).toEqual({
      os: { name: 'Linux' },
    });
  });
});

describe('boundJson', () => {
  it('caps depth, entries and string length', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
    expect(JSON.stringify(boundJson(deep))).toBe('{"a":{"b":{"c":{"d":{"e":{"f":"[…]"}}}}}}');
    expect(boundJson(Array.from({ length: 500 }, (_, i) => i))).toHaveLength(100);
  });

  it('keeps a __proto__ key as data without touching the prototype', () => {
    const bounded = boundJson(JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(bounded)).toBe(Object.prototype);
    expect(Object.hasOwn(bounded, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('toIso', () => {
  it('writes exactly what Date#toISOString writes, and null where Date has no time', () => {
    const times = [
      0, -1, -1.5, 1.5, 86_399_999.9, 1_700_000_000_123.7, 253_402_300_800_000, -62_198_755_200_000,
    ];
    for (const ms of [...times, 8.64e15, -8.64e15]) expect(toIso(ms)).toBe(new Date(ms).toISOString());
    for (const ms of [8.64e15 + 1, Number.NaN, Number.POSITIVE_INFINITY]) expect(toIso(ms)).toBeNull();
  });
});
