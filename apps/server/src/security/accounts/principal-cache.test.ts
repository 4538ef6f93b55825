import { describe, expect, it } from 'vitest';
import type { Principal } from './principal';
import { createPrincipalCache } from './principal-cache';

const principal = (validUntil: number): Principal => ({
  kind: 'session',
  user: {
    id: 1,
    username: 'ana',
    displayName: 'Ana',
    email: null,
    role: 'triager',
    mustChangePassword: false,
    authMethod: 'password',
  },
  role: 'triager',
  sessionIdHash: 'hash',
  csrfToken: 'csrf',
  tokenId: null,
  validUntil,
});

describe('principal cache', () => {
  it('remembers a principal for the TTL, never past its credential, and forgets on clear', async () => {
    let now = 0;
    let loads = 0;
    const cache = createPrincipalCache({ now: () => now, ttlMs: 1_000 });
    const load = (validUntil: number) => async () => {
      loads += 1;
      return principal(validUntil);
    };

    await cache.resolve('a', load(10_000));
    await cache.resolve('a', load(10_000));
    expect(loads).toBe(1);
    now = 1_000;
    await cache.resolve('a', load(10_000));
    expect(loads).toBe(2);

    // A credential that dies within the TTL is looked up again from that moment.
    await cache.resolve('b', load(1_200));
    now = 1_200;
    await cache.resolve('b', load(5_000));
    expect(loads).toBe(4);

    cache.clear();
    await cache.resolve('a', load(10_000));
    expect(loads).toBe(5);
  });

  it('does not remember unknown credentials, and shares frozen principals', async () => {
    let loads = 0;
    const cache = createPrincipalCache({ now: () => 0 });
    const unknown = async () => {
      loads += 1;
      return null;
    };
    expect(await cache.resolve('guess', unknown)).toBeNull();
    expect(await cache.resolve('guess', unknown)).toBeNull();
    expect(loads).toBe(2);

    const shared = await cache.resolve('a', async () => principal(10));
    expect(Object.isFrozen(shared)).toBe(true);
    expect(Object.isFrozen(shared?.user)).toBe(true);
  });
});
