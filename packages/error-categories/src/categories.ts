/**
 * The error categories Dexter assigns to issues, in a fixed order (the classifier's class index).
 * The ids are what `category:` search takes and what the API returns; labels are for people.
 */
export const CATEGORY_IDS = [
  'network',
  'database',
  'timeout',
  'authentication',
  'permission',
  'validation',
  'null_access',
  'resource_exhaustion',
  'configuration',
  'dependency',
  'ui_rendering',
  'other',
] as const;

export type CategoryId = (typeof CATEGORY_IDS)[number];

export const CATEGORY_LABELS: Readonly<Record<CategoryId, string>> = {
  network: 'Network',
  database: 'Database',
  timeout: 'Timeout',
  authentication: 'Authentication',
  permission: 'Permission',
  validation: 'Validation',
  null_access: 'Null/undefined access',
  resource_exhaustion: 'Resource exhaustion',
  configuration: 'Configuration',
  dependency: 'Dependency / third party',
  ui_rendering: 'UI rendering',
  other: 'Other',
};

const IDS = new Set<string>(CATEGORY_IDS);

export function isCategoryId(value: string): value is CategoryId {
  return IDS.has(value);
}
