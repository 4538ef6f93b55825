/**
 * Migration 0003: `events.raw_encoding`, how `events.raw` is stored. Ingest now compresses the
 * SDK's payload (`br`, a BLOB about a sixth of the JSON) because the raw copy is kept only for
 * reprocessing and support, never queried, and at ~50 KB it was half of every commit's bytes.
 * Rows written before keep `identity` (JSON text). Decode with `ingest/write/raw-encoding.ts`.
 */
import type { Kysely, Migration } from 'kysely';

export const rawEncodingMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('events')
      .addColumn('raw_encoding', 'text', (c) => c.notNull().defaultTo('identity'))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('events').dropColumn('raw_encoding').execute();
  },
};
