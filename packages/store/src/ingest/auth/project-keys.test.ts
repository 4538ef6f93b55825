/**
 * The ingest key cache: found keys are served from memory for at most the TTL, a revocation
 * reaches ingest at once through `invalidate()`, and a key unknown a moment ago works as soon as
 * it exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';
import { createProjectKeyCache } from './project-keys';

let server: StoreServer;
let clock = 0;

beforeAll(async () => {
  server = await startStoreServer();
});
afterAll(() => server.close());

const revoke = (publicKey: string, at: number | null) =>
  server.store.db
    .updateTable('project_keys')
    .set({ revoked_at: at })
    .where('public_key', '=', publicKey)
    .execute();

describe('project key cache', () => {
  it('serves a found key from memory until the TTL, then reads it again', async () => {
    const keys = createProjectKeyCache({ db: server.store.db, now: () => clock, ttlMs: 1_000 });
    expect(await keys.find(server.publicKey)).toEqual({
      projectId: Number(server.projectId),
      revokedAt: null,
    });
    await revoke(server.publicKey, 5);
    try {
      expect((await keys.find(server.publicKey))?.revokedAt).toBeNull();
      clock += 1_000;
      expect((await keys.find(server.publicKey))?.revokedAt).toBe(5);
    } finally {
      await revoke(server.publicKey, null);
    }
  });

  it('sees a revocation at once after invalidate()', async () => {
    const keys = createProjectKeyCache({ db: server.store.db, now: () => clock });
    await keys.find(server.publicKey);
    await revoke(server.publicKey, 7);
    try {
      keys.invalidate();
      expect((await keys.find(server.publicKey))?.revokedAt).toBe(7);
    } finally {
      await revoke(server.publicKey, null);
    }
  });

  it('does not remember unknown keys', async () => {
    const keys = createProjectKeyCache({ db: server.store.db, now: () => clock });
    const publicKey = 'a1'.repeat(16);
    expect(await keys.find(publicKey)).toBeUndefined();
    await server.store.db
      .insertInto('project_keys')
      .values({
        project_id: Number(server.projectId),
        public_key: publicKey,
        secret_key: 'b2'.repeat(16),
        label: 'late',
        date_created: 0,
        revoked_at: null,
      })
      .execute();
    expect(await keys.find(publicKey)).toMatchObject({ revokedAt: null });
  });
});
