// Issue and metric alert rules: Dexter's models and their mappings to Sentry's two alerting APIs.
export * from './alert-rule-model';
export * from './legacy-rule-mapping';
export * from './metric-alert-mapping';
export * from './metric-alert-model';
export * from './workflow-mapping';
