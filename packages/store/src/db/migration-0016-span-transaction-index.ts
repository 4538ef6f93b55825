/**
 * Migration 0016: the performance pages read one transaction's spans over a period (its
 * transactions for the figures, percentiles and series; its child spans for the slowest
 * operations). The time index alone makes each of those read every span of the period; this one
 * reads only the transaction's (bench:tracing's summary section measured the difference).
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const spanTransactionIndexMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create index spans_transaction_time on spans ("transaction", is_segment, end_ms)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop index if exists spans_transaction_time`.execute(db);
  },
};
