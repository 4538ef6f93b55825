export type { StoreAdmin, StoreKeyRow, StoreTokenRow } from './admin';
export { type Bootstrap, BootstrapSchema } from './bootstrap';
export { bootstrapPath, mergeBootstrapFile, readBootstrapJson } from './bootstrap-file';
export { withStatementCache } from './db/statement-cache';
export type { IngestLimits } from './ingest/ingest-routes';
export type { WrittenEvent } from './ingest/write/event-writer';
export { createStore, type Store, type StoreOptions } from './store';
