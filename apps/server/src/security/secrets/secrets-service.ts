/**
 * Secrets at rest: tokens Dexter holds for other services (Sentry, GitHub, Jira, Slack, ...),
 * sealed with AES-256-GCM under the key derived from `DEXTER_SECRET_KEY`. The database only ever
 * sees ciphertext; a value is decrypted only when a feature asks for it by name. A secret's
 * companion URL passes the SSRF guard before it is stored.
 */
import type { SecretSummary } from '@dexter/contracts';
import type { DexterDb } from '../../db/database';
import { DexterError } from '../../errors/error-codes';
import { open, seal } from '../secret-box';
import { type SsrfGuard, UnsafeUrlError } from '../ssrf-guard';

export interface SecretsServiceDeps {
  db: DexterDb;
  now: () => number;
  key: Buffer;
  keyId: string;
  guard: Pick<SsrfGuard, 'check'>;
}

const aad = (name: string) => `secret:${name}`;

export function createSecretsService({ db, now, key, keyId, guard }: SecretsServiceDeps) {
  return {
    async list(): Promise<SecretSummary[]> {
      const rows = await db
        .selectFrom('secrets')
        .select(['name', 'url', 'updated_at'])
        .orderBy('name')
        .execute();
      return rows.map((row) => ({
        name: row.name,
        url: row.url,
        updatedAt: new Date(row.updated_at).toISOString(),
      }));
    },

    async put(name: string, value: string, url: string | null): Promise<SecretSummary> {
      if (url !== null) {
        try {
          await guard.check(url);
        } catch (error) {
          if (error instanceof UnsafeUrlError) throw new DexterError('DEXTER_ERR_UNSAFE_URL', error.message);
          throw error;
        }
      }
      const at = now();
      const ciphertext = seal(key, value, aad(name));
      await db
        .insertInto('secrets')
        .values({ name, ciphertext, key_id: keyId, url, created_at: at, updated_at: at })
        .onConflict((oc) => oc.column('name').doUpdateSet({ ciphertext, key_id: keyId, url, updated_at: at }))
        .execute();
      return { name, url, updatedAt: new Date(at).toISOString() };
    },

    /** The plaintext value, for the feature that uses it; null when there is none. */
    async get(name: string): Promise<string | null> {
      const row = await db.selectFrom('secrets').selectAll().where('name', '=', name).executeTakeFirst();
      if (!row) return null;
      if (row.key_id !== keyId) {
        throw new Error(`secret "${name}" was sealed with another DEXTER_SECRET_KEY (key id ${row.key_id})`);
      }
      return open(key, row.ciphertext, aad(name));
    },

    async delete(name: string): Promise<void> {
      const result = await db.deleteFrom('secrets').where('name', '=', name).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0)
        throw new DexterError('DEXTER_ERR_NOT_FOUND', `No secret ${name}`);
    },
  };
}

export type SecretsService = ReturnType<typeof createSecretsService>;
