/**
 * Migration 0018: `events.body` and `events.body_encoding`. New rows keep only the head of the
 * normalized event in `data` (what queries read, uncompressed) and its bulky rest as
 * `body_encoding` says: derived from the compressed raw payload, or deflated with a preset
 * dictionary (`ingest/write/event-body.ts`). Rows written before keep `inline`: `data` holds the
 * whole event and is read as it always was.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const eventBodyMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table events add column body blob`.execute(db);
    await sql`alter table events add column body_encoding text not null default 'inline'`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`alter table events drop column body_encoding`.execute(db);
    await sql`alter table events drop column body`.execute(db);
  },
};
