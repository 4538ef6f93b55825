/**
 * The keys issue search knows, with the aliases Sentry accepts (`src/sentry/issues/issue_search.py`
 * `key_mappings`), how their values are read and validated, and which ones only Dexter runs.
 * Any other key is a tag, as in Sentry. The parser, the gateway's planner, evaluator and
 * autocomplete, and the built-in store all read this one table, so a key is added here once.
 */

/**
 * - `status`: `is:`; `has`: a tag or field name; `actor`: users and teams (`me`, `none`, `#team`);
 * - `number`, `date`, `boolean`: typed values, comparisons allowed on the first two;
 * - `enum`: text whose values Sentry validates; `text`: issue fields matched as text;
 * - `frame`: Dexter's stack-frame search; `tag`: everything else.
 */
export type KeyFamily =
  | 'status'
  | 'has'
  | 'actor'
  | 'number'
  | 'date'
  | 'boolean'
  | 'enum'
  | 'text'
  | 'frame';

export interface KeySpec {
  /** Canonical spelling: the one autocomplete offers and the evaluator switches on. */
  name: string;
  aliases: readonly string[];
  family: KeyFamily;
  description: string;
  /** Allowed values when `family` is `status`, `enum` or `boolean`; suggestions otherwise. */
  values: readonly string[];
  /** Sentry has no such key: the planner never sends it upstream. */
  dexterOnly: boolean;
}

/** `is:` values: statuses and substatuses (`STATUS_QUERY_CHOICES`, `SUBSTATUS_UPDATE_CHOICES`). */
export const IS_VALUES = [
  'unresolved',
  'resolved',
  'ignored',
  'archived',
  'muted',
  'reprocessing',
  'escalating',
  'new',
  'ongoing',
  'regressed',
  'archived_until_escalating',
  'archived_until_condition_met',
  'archived_forever',
  'assigned',
  'unassigned',
  'for_review',
  'linked',
  'unlinked',
  // Dexter's shorthand for `bookmarks:me`; sent upstream in that form.
  'bookmarked',
] as const;

/** Dexter's error categories (`@dexter/error-categories`, whose test keeps the two lists equal). */
export const ERROR_CATEGORIES = [
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

const LEVELS = ['fatal', 'error', 'warning', 'info', 'debug', 'sample'];
const ACTORS = ['me', 'none', 'my_teams'];
const RELATIVE_DATES = ['-1h', '-24h', '-7d', '-30d', '+24h', '+7d'];

type Row = [
  name: string,
  family: KeyFamily,
  description: string,
  extra?: { aliases?: string[]; values?: readonly string[]; dexterOnly?: true },
];

const ROWS: Row[] = [
  ['is', 'status', 'Status, substatus, assignment or link state', { values: IS_VALUES }],
  ['has', 'has', 'Issues with events that have this tag'],
  [
    'assigned',
    'actor',
    'Assigned to a user, a #team, me or none',
    { values: ACTORS, aliases: ['assigned_to'] },
  ],
  ['assigned_or_suggested', 'actor', 'Assigned to, or suggested for, a user or team', { values: ACTORS }],
  ['bookmarks', 'actor', 'Bookmarked by a user (me)', { values: ['me'], aliases: ['bookmarked_by'] }],
  ['subscribed', 'actor', 'Subscribed user (me)', { values: ['me'], aliases: ['subscribed_by'] }],
  ['times_seen', 'number', 'Number of events (times_seen:>100)', { aliases: ['timesSeen'] }],
  [
    'firstSeen',
    'date',
    'First seen (-24h: within 24 h, +7d: before 7 days)',
    { aliases: ['age', 'first_seen'], values: RELATIVE_DATES },
  ],
  [
    'lastSeen',
    'date',
    'Last seen (-24h: within 24 h, +7d: before 7 days)',
    { aliases: ['last_seen'], values: RELATIVE_DATES },
  ],
  ['event.timestamp', 'date', 'Issues with an event at this time', { values: RELATIVE_DATES }],
  ['error.handled', 'boolean', 'Handled errors', { values: ['true', 'false'] }],
  ['error.unhandled', 'boolean', 'Unhandled errors', { values: ['true', 'false'] }],
  ['issue.priority', 'enum', 'Priority', { values: ['high', 'medium', 'low'] }],
  ['level', 'text', 'Level (error, fatal, warning…)', { values: LEVELS }],
  ['message', 'text', 'Message, title or culprit contains'],
  ['title', 'text', 'Title (wildcards allowed)'],
  ['error.type', 'text', 'Exception type (TypeError)'],
  ['error.value', 'text', 'Exception value'],
  ['culprit', 'text', 'Culprit: where the error happened', { dexterOnly: true }],
  ['project', 'text', 'Project slug'],
  ['issue', 'text', 'Short id (PROJ-12)'],
  ['release', 'text', 'Release with events of this issue (or latest)', { values: ['latest'] }],
  [
    'first-release',
    'text',
    'Release the issue first appeared in',
    { aliases: ['firstRelease', 'first_release'], values: ['latest'] },
  ],
  ['environment', 'text', 'Environment with events of this issue'],
  ['issue.category', 'text', 'Category (error, performance, cron…)'],
  ['issue.type', 'text', 'Issue type (error, performance_n_plus_one_db_queries…)'],
  [
    'category',
    'enum',
    "Error category from Dexter's classifier (docs/categories.md)",
    { values: ERROR_CATEGORIES, dexterOnly: true },
  ],
  ['frame', 'frame', 'Any stack frame of the latest event: module, function or file', { dexterOnly: true }],
  ['frame.module', 'frame', 'Module of a stack frame of the latest event', { dexterOnly: true }],
  ['frame.function', 'frame', 'Function of a stack frame of the latest event', { dexterOnly: true }],
  ['frame.filename', 'frame', 'File of a stack frame of the latest event', { dexterOnly: true }],
];

export const BUILT_IN_KEYS: readonly KeySpec[] = ROWS.map(([name, family, description, extra]) => ({
  name,
  family,
  description,
  aliases: extra?.aliases ?? [],
  values: extra?.values ?? [],
  dexterOnly: extra?.dexterOnly ?? false,
}));

const BY_SPELLING = new Map<string, KeySpec>(
  BUILT_IN_KEYS.flatMap((spec) => [spec.name, ...spec.aliases].map((spelling) => [spelling, spec] as const)),
);

/** The built-in key this spelling names, or null for a tag (and always for `tags[…]`). */
export function lookupKey(key: string, explicitTag = false): KeySpec | null {
  return explicitTag ? null : (BY_SPELLING.get(key) ?? null);
}
