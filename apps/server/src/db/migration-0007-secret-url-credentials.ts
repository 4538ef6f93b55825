/**
 * Credentials inside a secret's URL (`https://user:pass@host/`) are sealed like the secret's value
 * (`url-credentials.ts`); `url` keeps the URL without them. Sealing needs the key, which
 * migrations do not have: rows stored before this are split by the secrets service at start
 * (`sealLegacyUrlCredentials`).
 */
import type { Kysely, Migration } from 'kysely';

export const secretUrlCredentialsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('secrets').addColumn('url_credentials', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('secrets').dropColumn('url_credentials').execute();
  },
};
