/** Test helpers for other workspaces' tests: envelopes, a store server, the SDK sender. */

export * from '../alerts/testing/run-alert-burst';
export type { Bootstrap } from '../bootstrap';
/** The Discover engine in-process, for `bench/discover/profile-queries.ts`. */
export { runStats, runTable } from '../discover/discover-engine';
export * from '../discover/discover-fixture';
export {
  readStoredEvent,
  STORED_EVENT_COLUMNS,
  type StoredEventRow,
} from '../ingest/write/event-body';
export * from './artifact-bundles';
export * from './envelopes';
export * from './issue-seeding';
export * from './openapi-validator';
export * from './run-sdk-sender';
export * from './store-files';
export * from './store-harness';
export * from './timeline-fixture';
