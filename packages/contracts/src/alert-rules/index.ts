// Issue alert rules: Dexter's one model and its mappings to Sentry's two alerting APIs.
export * from './alert-rule-model';
export * from './legacy-rule-mapping';
export * from './workflow-mapping';
