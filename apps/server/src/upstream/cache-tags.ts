/**
 * Every cache tag Dexter uses, and the only code that spells one. A tag names a version counter in
 * the cache store: a cached read carries the tags of what it shows, and a change bumps the tags of
 * what it changed (docs/caching.md: who carries and who drops each one).
 *
 * Invariants:
 * - a `CacheTag` comes from `cacheTags` (features, derived tags) or from `tagKind` (the operation
 *   table's tag kinds, resolved when the table loads); the brand makes a bare string a type error
 *   wherever tags are taken (`bumpTags`, `tagVersions`, the response memo);
 * - a tag's text never changes with the code that builds it: Redis keeps the counters under it,
 *   so instances of two Dexter versions sharing one Redis still invalidate each other.
 */

declare const brand: unique symbol;
export type CacheTag = string & { readonly [brand]: 'CacheTag' };

const tag = (text: string) => text as CacheTag;

/** A status an issue list filters on; `other`: a filter Dexter does not model (negated, substatus). */
export type ListStatus = 'unresolved' | 'resolved' | 'ignored' | 'other';

export type IssueId = string | number;

export const cacheTags = {
  /** The organizations, listed and one by one. */
  organizations: tag('organizations'),
  /** The projects of an organization and their keys. */
  projects: tag('projects'),
  members: tag('members'),
  teams: tag('teams'),
  /** The releases of an organization, listed and one by one, and their deploys. */
  releases: tag('releases'),
  /** Every issue list: bulk changes, merges, deletes, new issues and non-status changes drop it. */
  issues: tag('issues'),
  /** Every per-issue read, for the changes (bulk ones) that cannot name each issue. */
  issueDetails: tag('issue-details'),
  /** Every answer of event counts per issue. */
  issueStats: tag('issue-stats'),
  /** One issue's state: the issue, its activity and its comments. */
  issue: (id: IssueId) => tag(`issue:${id}`),
  /** The lists whose page holds the issue (read from their answer). */
  issueState: (id: IssueId) => tag(`issue-state:${id}`),
  /** What the issue's events make: its latest event, events, tags and counts. */
  issueEvents: (id: IssueId) => tag(`issue-events:${id}`),
  /** The lists whose query filters on this status. */
  issuesStatus: (status: ListStatus) => tag(`issues-status:${status}`),
} as const;

/**
 * Bumped by the cache store with every invalidation, whatever its tags: an unchanged epoch across
 * a fetch proves no invalidation landed meanwhile (cache-store.ts). No entry carries it as a tag.
 */
export const EPOCH_TAG = tag('~epoch');

/**
 * The kinds the operation table may name: one tag (`issues`), or one per issue id (`issue:{…}`).
 * `issues-status:*` is not among them: only derived tags (`{=list-statuses}`) know the status.
 */
const FIXED_KINDS = {
  organizations: cacheTags.organizations,
  projects: cacheTags.projects,
  members: cacheTags.members,
  teams: cacheTags.teams,
  releases: cacheTags.releases,
  issues: cacheTags.issues,
  'issue-details': cacheTags.issueDetails,
  'issue-stats': cacheTags.issueStats,
} as const satisfies Record<string, CacheTag>;

const PER_ISSUE_KINDS = {
  issue: cacheTags.issue,
  'issue-state': cacheTags.issueState,
  'issue-events': cacheTags.issueEvents,
} as const satisfies Record<string, (id: IssueId) => CacheTag>;

export type TagKind =
  | { kind: keyof typeof FIXED_KINDS; tag: CacheTag }
  | { kind: keyof typeof PER_ISSUE_KINDS; ofIssue: (id: IssueId) => CacheTag };

/** The kinds by name, as the table writes them, for error messages. */
export const TAG_KIND_NAMES: readonly string[] = [
  ...Object.keys(FIXED_KINDS),
  ...Object.keys(PER_ISSUE_KINDS).map((kind) => `${kind}:{…}`),
];

/** The tag kind the table names `name`, or null when Dexter has no such kind. */
export function tagKind(name: string): TagKind | null {
  if (Object.hasOwn(FIXED_KINDS, name)) {
    const kind = name as keyof typeof FIXED_KINDS;
    return { kind, tag: FIXED_KINDS[kind] };
  }
  if (Object.hasOwn(PER_ISSUE_KINDS, name)) {
    const kind = name as keyof typeof PER_ISSUE_KINDS;
    return { kind, ofIssue: PER_ISSUE_KINDS[kind] };
  }
  return null;
}
