export type { StoreAdmin, StoreKeyRow, StoreTokenRow } from './admin';
export { type Bootstrap, BootstrapSchema } from './bootstrap';
export { bootstrapPath, mergeBootstrapFile, readBootstrapJson } from './bootstrap-file';
export { withStatementCache } from './db/statement-cache';
export type { WrittenEvent } from './ingest/event-writer';
export type { IngestLimits } from './ingest/ingest-routes';
export { createStore, type Store, type StoreOptions } from './store';
