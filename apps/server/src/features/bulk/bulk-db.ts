/**
 * Table types of bulk jobs (migration `0003_bulk_jobs`), added to Dexter's database type here so
 * the feature owns them. Timestamps are epoch milliseconds; `action` and `selection` are JSON.
 */
import type { Generated } from 'kysely';
import type { DexterDb } from '../../db/database';

export interface BulkJobTable {
  id: Generated<number>;
  org: string;
  /** JSON `IssueUpdate`. */
  action: string;
  /** JSON `StoredSelection`. */
  selection: string;
  state: string;
  total: Generated<number>;
  error: string | null;
  created_by: number | null;
  created_by_name: string | null;
  /** `session` or `token`: how the creator was signed in (the completion's audit entry says so too). */
  created_by_kind: string;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface BulkJobItemTable {
  job_id: number;
  issue_id: string;
  project_id: string;
  /** `pending`, `done` or `failed`. */
  status: string;
  error: string | null;
  attempts: Generated<number>;
  updated_at: number;
  /**
   * When the item's chunk was handed to Sentry; null again once its result is recorded (migration
   * 0016). Pending with a time here means in doubt: its instance died with the call in flight.
   */
  sent_at: number | null;
}

// A type alias (not an interface): `withTables` wants an index-signature-compatible record.
export type BulkTables = {
  bulk_jobs: BulkJobTable;
  bulk_job_items: BulkJobItemTable;
};

export const bulkDb = (db: DexterDb) => db.withTables<BulkTables>();
export type BulkDb = ReturnType<typeof bulkDb>;

/** The selection as stored: the ids themselves, or the search that is resolved into ids. */
export type StoredSelection =
  | { kind: 'ids'; ids: string[] }
  | { kind: 'query'; query: string; project: string[]; environment: string[] };
