/**
 * Guessing across many user names from one address meets the address's own back-off, which
 * starts later than a single name's (many people can share an office's address).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClient } from '../../testing/test-client';
import { ADMIN_PASSWORD, startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;

beforeAll(async () => {
  dexter = await startTestDexter();
});
afterAll(() => dexter.close());

describe('sign-in back-off per address', () => {
  it('lets 20 failures with different names through, then makes the address wait, even for a real account', async () => {
    const sprayer = createTestClient(dexter.listenUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await sprayer.signIn(`user-${i}`, 'Summer2026!')).status);
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses[20]).toBe(401);
    const next = await sprayer.signIn('admin', ADMIN_PASSWORD);
    expect(next.status).toBe(429);
    expect(((await next.json()) as { error: { code: string } }).error.code).toBe(
      'DEXTER_ERR_SIGN_IN_THROTTLED',
    );
  }, 60_000);
});
