// The built-in store's public entry: everything outside packages/store imports only this (tests
// also have `@dexter/store/testing`).
export type { StoreAdmin, StoreKeyRow, StoreTokenRow } from './admin';
export type { StoreMemberInput, StoreProjectRow } from './admin-projects';
export { MetricQueryError } from './alerts/metric/metric-query';
export type { AlertFire, StoreAlertsPort } from './alerts/store-alerts';
export { type Bootstrap, BootstrapSchema } from './bootstrap';
export { bootstrapPath, mergeBootstrapFile, readBootstrapJson } from './bootstrap-file';
export { DiscoverQueryError } from './discover/discover-errors';
export { parseStatsQuery, parseTableQuery } from './discover/discover-query';
export type { IngestLimits } from './ingest/ingest-routes';
export { type BuiltInStore, type BuiltInStoreAdmin, openStore } from './public-store';
export type { StoreOptions } from './store';
