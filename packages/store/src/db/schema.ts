/**
 * Table types of the built-in store. Timestamps are epoch milliseconds (integers) so SQLite and
 * PostgreSQL compare them the same way; JSON columns hold text and are parsed at the edge.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Id = Generated<number>;

export interface OrganizationTable {
  id: Id;
  slug: string;
  name: string;
  date_created: number;
}

export interface ProjectTable {
  id: Id;
  organization_id: number;
  slug: string;
  name: string;
  platform: string | null;
  date_created: number;
  /** Counter behind the short ids (`DEMO-1A`); bumped inside the ingest transaction. */
  next_short_id: number;
  first_event: number | null;
}

export interface ProjectKeyTable {
  id: Id;
  project_id: number;
  public_key: string;
  secret_key: string;
  label: string;
  date_created: number;
  revoked_at: number | null;
}

export interface ApiTokenTable {
  id: Id;
  organization_id: number;
  name: string;
  /** sha256 hex of the token: the token itself is never stored. */
  token_hash: string;
  scopes: string;
  date_created: number;
  revoked_at: number | null;
  /** The member the token acts as (`assigned:me`, bookmarks); null means the org's first owner. */
  member_id: number | null;
}

export interface IssueTable {
  id: Id;
  project_id: number;
  short_id_num: number;
  title: string;
  culprit: string;
  level: string;
  type: string;
  platform: string | null;
  logger: string | null;
  status: string;
  substatus: string | null;
  status_details: string;
  metadata: string;
  /** Lower-cased title, culprit and message: what free-text search looks at. */
  search_text: string;
  is_unhandled: number;
  first_seen: number;
  last_seen: number;
  times_seen: number;
  user_count: number;
  first_release: string | null;
  last_release: string | null;
  /** At most one of the two is set. */
  assignee_member_id: number | null;
  assignee_team_id: number | null;
  /** `low|medium|high` once set by hand; null means derived from the level. */
  priority: string | null;
  priority_locked_at: number | null;
  /** JSON `Snooze` while ignored until a condition; null otherwise. */
  snooze: string | null;
  /** JSON `Resolution` while resolved in a release; null otherwise. */
  resolution: string | null;
}

export interface IssueHashTable {
  project_id: number;
  hash: string;
  issue_id: number;
}

export interface EventTable {
  id: Id;
  event_id: string;
  project_id: number;
  issue_id: number;
  timestamp: number;
  received_at: number;
  /**
   * The normalized event (JSON): whole when `body_encoding` is `inline` (rows before migration
   * 0018), else its head, the part queries read (`ingest/write/event-body.ts`).
   */
  data: string;
  /** The rest of the normalized event, as `body_encoding` says; null when derived from `raw`. */
  body: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
  body_encoding: ColumnType<string, string | undefined, string>;
  /** The event exactly as the SDK sent it, encoded as `raw_encoding` says (`ingest/write/raw-encoding.ts`). */
  raw: string | Uint8Array;
  /** `identity` (JSON text) or `br` (brotli-compressed JSON, a BLOB). */
  raw_encoding: ColumnType<string, string | undefined, string>;
  /** Bytes of the payload as sent, before any encoding. */
  size: number;
}

export interface IssueUserTable {
  issue_id: number;
  user_key: string;
}

export interface IssueTagTable {
  issue_id: number;
  key: string;
  value: string;
  times_seen: number;
  first_seen: number;
  last_seen: number;
}

export interface MemberTable {
  id: Id;
  organization_id: number;
  email: string;
  name: string;
  username: string;
  /** Sentry's org role: `owner`, `manager`, `admin` or `member`. */
  role: string;
  date_created: number;
}

export interface TeamTable {
  id: Id;
  organization_id: number;
  slug: string;
  name: string;
  date_created: number;
}

export interface TeamMemberTable {
  team_id: number;
  member_id: number;
}

export interface ActivityTable {
  id: Id;
  issue_id: number;
  project_id: number;
  /** Sentry's activity type name (`set_resolved`, `note`, `assigned`, …). */
  type: string;
  member_id: number | null;
  /** JSON object, shown as the activity's `data`. */
  data: string;
  date_created: number;
}

export interface IssueBookmarkTable {
  issue_id: number;
  member_id: number;
  date_created: number;
}

export interface IssueSeenTable {
  issue_id: number;
  member_id: number;
  last_seen: number;
}

export interface ReleaseTable {
  id: Id;
  organization_id: number;
  /** Unique within the organization; never contains `/`, never `.`/`..`/empty (`release-values.ts`). */
  version: string;
  ref: string | null;
  url: string | null;
  date_created: number;
  date_started: number | null;
  /** Set when the release is finalized. */
  date_released: number | null;
}

export interface ReleaseProjectTable {
  release_id: number;
  project_id: number;
}

export interface DeployTable {
  id: Id;
  release_id: number;
  environment: string;
  name: string | null;
  url: string | null;
  date_started: number | null;
  date_finished: number;
}

/** One SDK session (`session` item), its updates folded in (`migration-0007-sessions.ts`). */
export interface SessionStateTable {
  project_id: number;
  sid: string;
  release: string;
  environment: string;
  /** Start of the hour the session started, ms. */
  bucket: number;
  did: string | null;
  /** 1 once an `init:true` update arrived: only those count as sessions. */
  init: number;
  /** 0 ok/exited, 1 errored, 2 abnormal, 3 crashed: the worst seen wins. */
  status_rank: number;
  had_errors: number;
}

/** Summed `sessions` (aggregate) items per project, release, environment and hour. */
export interface SessionAggregateTable {
  project_id: number;
  release: string;
  environment: string;
  bucket: number;
  total: number;
  /** Every session that did not end cleanly, crashed and abnormal included. */
  errored: number;
  crashed: number;
  abnormal: number;
}

/** A repository named by a release's `commits`/`refs`; created on first use (no VCS integration). */
export interface RepositoryTable {
  id: Id;
  organization_id: number;
  name: string;
  date_created: number;
}

export interface CommitAuthorTable {
  id: Id;
  organization_id: number;
  name: string | null;
  email: string;
}

export interface CommitTable {
  id: Id;
  organization_id: number;
  repository_id: number;
  /** The sha as sent (at most 64 characters). */
  key: string;
  message: string | null;
  author_id: number | null;
  date_added: number;
}

export interface ReleaseCommitTable {
  release_id: number;
  commit_id: number;
  /** Order sentry-cli sent: 0 is the newest, the release's `lastCommit`. */
  position: number;
}

/** `patch_set` of a commit: `type` is A, M or D. */
export interface CommitFileChangeTable {
  commit_id: number;
  filename: string;
  type: string;
}

/** Events per issue, hour, release and environment (`migration-0009-event-rollup.ts`); '' when absent. */
export interface EventRollupTable {
  issue_id: number;
  /** Start of the hour of the events' timestamps, ms. */
  bucket: number;
  release: string;
  environment: string;
  project_id: number;
  events: number;
  /** 1 in the row of the issue's first event, else 0. */
  new_issues: number;
}

/** `event_rollup` summed over a project's issues. */
export interface EventRollupProjectTable {
  project_id: number;
  bucket: number;
  release: string;
  environment: string;
  events: number;
  new_issues: number;
}

/** A chunk of an upload, by the SHA-1 of its bytes, until an assemble uses it (`api/artifacts/`). */
export interface FileChunkTable {
  organization_id: number;
  checksum: string;
  data: Uint8Array;
  size: number;
  date_created: number;
}

/** The outcome of assembling one bundle checksum: `ok` or `error` (with `detail`). */
export interface ArtifactBundleAssemblyTable {
  organization_id: number;
  checksum: string;
  state: string;
  detail: string | null;
  date_updated: number;
}

export interface ArtifactBundleTable {
  id: Id;
  organization_id: number;
  /** SHA-1 of the bundle zip, as sent in the assemble's `checksum`. */
  checksum: string;
  /** The manifest's `debug_id` (the bundle's own id), when it has one. */
  bundle_id: string | null;
  file_count: number;
  size: number;
  date_created: number;
}

/** One file of a bundle: a minified script, a source map, a source. */
export interface ArtifactBundleFileTable {
  id: Id;
  artifact_bundle_id: number;
  /** As uploaded, e.g. `~/static/app.min.js`. */
  url: string;
  /** `minified_source`, `source_map`, `source`, … (sentry-cli's manifest `type`). */
  type: string;
  /** Lower-case hyphenated UUID from the `debug-id` header. */
  debug_id: string | null;
  /** The `sourcemap` header (or `X-SourceMap`): URL of the map, relative to `url`. */
  sourcemap: string | null;
  /** JSON object of every header of the manifest entry. */
  headers: string;
  content: Uint8Array;
  size: number;
  sha1: string;
}

export interface ArtifactBundleProjectTable {
  project_id: number;
  artifact_bundle_id: number;
}

/** The release (and dist, '' for none) a bundle was uploaded for. */
export interface ArtifactBundleReleaseTable {
  organization_id: number;
  release: string;
  dist: string;
  artifact_bundle_id: number;
}

export interface StoreDatabase {
  organizations: OrganizationTable;
  projects: ProjectTable;
  project_keys: ProjectKeyTable;
  api_tokens: ApiTokenTable;
  issues: IssueTable;
  issue_hashes: IssueHashTable;
  events: EventTable;
  issue_users: IssueUserTable;
  issue_tags: IssueTagTable;
  members: MemberTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  activities: ActivityTable;
  issue_bookmarks: IssueBookmarkTable;
  issue_seen: IssueSeenTable;
  releases: ReleaseTable;
  release_projects: ReleaseProjectTable;
  deploys: DeployTable;
  repositories: RepositoryTable;
  commit_authors: CommitAuthorTable;
  commits: CommitTable;
  release_commits: ReleaseCommitTable;
  commit_file_changes: CommitFileChangeTable;
  session_states: SessionStateTable;
  session_aggregates: SessionAggregateTable;
  file_chunks: FileChunkTable;
  artifact_bundle_assemblies: ArtifactBundleAssemblyTable;
  artifact_bundles: ArtifactBundleTable;
  artifact_bundle_files: ArtifactBundleFileTable;
  artifact_bundle_projects: ArtifactBundleProjectTable;
  artifact_bundle_releases: ArtifactBundleReleaseTable;
  event_rollup: EventRollupTable;
  event_rollup_project: EventRollupProjectTable;
}

export type JsonText = ColumnType<string, string, string>;

/** Rows as `selectAll()` reads them: what the Web API's serializers and mutations take. */
export type OrganizationRow = Selectable<OrganizationTable>;
export type ProjectRow = Selectable<ProjectTable>;
export type ProjectKeyRow = Selectable<ProjectKeyTable>;
export type IssueRow = Selectable<IssueTable>;
export type MemberRow = Selectable<MemberTable>;
export type TeamRow = Selectable<TeamTable>;
export type ActivityRow = Selectable<ActivityTable>;
export type ReleaseRow = Selectable<ReleaseTable>;
export type DeployRow = Selectable<DeployTable>;
export type RepositoryRow = Selectable<RepositoryTable>;
