import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  needsRehash,
  passwordProblem,
  verifyAgainstNothing,
  verifyPassword,
} from './password-hash';

describe('password hashing (scrypt)', () => {
  it('stores the parameters with a random salt, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatch(/^scrypt\$65536\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse battery', first)).toBe(true);
    expect(await verifyPassword('correct horse batterY', first)).toBe(false);
  });

  it('verifies a hash made with other parameters, and says it needs re-hashing', async () => {
    const cheap = await hashPassword('a long password here', { N: 1024, r: 8, p: 1 });
    expect(await verifyPassword('a long password here', cheap)).toBe(true);
    expect(needsRehash(cheap)).toBe(true);
    expect(needsRehash(await hashPassword('a long password here'))).toBe(false);
  });

  it('refuses damaged or outsized stored parameters instead of running them', async () => {
    const good = await hashPassword('whatever password', { N: 1024, r: 8, p: 1 });
    const [, , , , salt, key] = good.split('$');
    expect(await verifyPassword('whatever password', `scrypt$1000$8$1$${salt}$${key}`)).toBe(false);
    expect(await verifyPassword('whatever password', `scrypt$${2 ** 22}$8$1$${salt}$${key}`)).toBe(false);
    expect(await verifyPassword('whatever password', `bcrypt$x`)).toBe(false);
  });

  it('spends a verification on unknown users and never succeeds', async () => {
    expect(await verifyAgainstNothing('anything at all')).toBe(false);
  });

  it('refuses short, long, name-containing and monotonous passwords', () => {
    expect(passwordProblem('short', 'bob')).toMatch(/at least 12/);
    expect(passwordProblem('x'.repeat(300), 'bob')).toMatch(/at most 256/);
    expect(passwordProblem('my name is bob ok', 'bob')).toMatch(/user name/);
    expect(passwordProblem('aaaaaaaaaaaaaaaa', 'bob')).toMatch(/different characters/);
    expect(passwordProblem('a fine pass phrase', 'bob')).toBeNull();
  });
});
