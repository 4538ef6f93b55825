/**
 * Secrets at rest: tokens Dexter holds for other services (Sentry, GitHub, Jira, Slack, ...),
 * sealed with AES-256-GCM under the key derived from `DEXTER_SECRET_KEY`. The database only ever
 * sees ciphertext; a value is decrypted only when a feature asks for it by name. A secret's
 * companion URL passes the SSRF guard before it is stored; credentials inside it are sealed too and
 * shown as `***@` (`url-credentials.ts`).
 */
import type { SecretSummary } from '@dexter/contracts';
import type { DexterDb } from '../../db/database';
import { DexterError } from '../../errors/error-codes';
import { open, seal } from '../secret-box';
import { type SsrfGuard, UnsafeUrlError } from '../ssrf-guard';
import { joinUrlCredentials, redactUrlCredentials, shownUrl, splitUrlCredentials } from './url-credentials';

export interface SecretsServiceDeps {
  db: DexterDb;
  now: () => number;
  key: Buffer;
  keyId: string;
  guard: Pick<SsrfGuard, 'check'>;
}

const aad = (name: string) => `secret:${name}`;
const urlAad = (name: string) => `secret-url:${name}`;

export function createSecretsService({ db, now, key, keyId, guard }: SecretsServiceDeps) {
  return {
    async list(): Promise<SecretSummary[]> {
      const rows = await db
        .selectFrom('secrets')
        .select(['name', 'url', 'url_credentials', 'updated_at'])
        .orderBy('name')
        .execute();
      return rows.map((row) => ({
        name: row.name,
        // A URL stored before credentials were split off is masked all the same.
        url: row.url === null ? null : shownUrl(redactUrlCredentials(row.url), row.url_credentials !== null),
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
      const split = url === null ? null : splitUrlCredentials(url);
      const fields = {
        ciphertext,
        key_id: keyId,
        url: split?.bare ?? null,
        url_credentials: split?.credentials ? seal(key, split.credentials, urlAad(name)) : null,
        updated_at: at,
      };
      await db
        .insertInto('secrets')
        .values({ name, ...fields, created_at: at })
        .onConflict((oc) => oc.column('name').doUpdateSet(fields))
        .execute();
      const shown = split ? shownUrl(split.bare, split.credentials !== null) : null;
      return { name, url: shown, updatedAt: new Date(at).toISOString() };
    },

    /** The companion URL with its credentials, for the feature that calls it; null without one. */
    async getUrl(name: string): Promise<string | null> {
      const row = await db.selectFrom('secrets').selectAll().where('name', '=', name).executeTakeFirst();
      if (!row?.url) return null;
      if (row.url_credentials === null) return row.url;
      return joinUrlCredentials(row.url, open(key, row.url_credentials, urlAad(name)));
    },

    /** Seals the credentials of URLs stored before migration 0007; run at start, idempotent. */
    async sealLegacyUrlCredentials(): Promise<void> {
      const rows = await db
        .selectFrom('secrets')
        .select(['name', 'url'])
        .where('url', 'like', '%@%')
        .where('url_credentials', 'is', null)
        .execute();
      for (const row of rows) {
        const split = splitUrlCredentials(row.url!);
        if (split.credentials === null) continue;
        await db
          .updateTable('secrets')
          .set({ url: split.bare, url_credentials: seal(key, split.credentials, urlAad(row.name)) })
          .where('name', '=', row.name)
          .execute();
      }
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
