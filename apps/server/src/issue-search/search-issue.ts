/**
 * What Dexter's evaluator reads of an issue: a small structural view that the issues service
 * fills from Sentry's group JSON, so the search feature depends on no upstream schema. Optional fields that are absent simply do
 * not match; `tags` and `frames` are fetched only when a plan says it needs them.
 */

export interface IssueForSearch {
  title: string;
  culprit?: string | null;
  message?: string | null;
  shortId?: string | null;
  level?: string | null;
  status?: string | null;
  substatus?: string | null;
  priority?: string | null;
  issueCategory?: string | null;
  issueType?: string | null;
  /** Sentry's `count` (times seen), already a number. */
  count: number;
  userCount?: number | null;
  /** ISO 8601 timestamps as Sentry sends them. */
  firstSeen: string | null;
  lastSeen: string | null;
  assignedTo?: {
    type?: string | null;
    id?: string | null;
    name?: string | null;
    email?: string | null;
  } | null;
  /** For the viewer whose token fetched the issue, as Sentry reports them. */
  isBookmarked?: boolean | null;
  isSubscribed?: boolean | null;
  isUnhandled?: boolean | null;
  /** Project slug. */
  project?: string | null;
  firstRelease?: string | null;
  /** Dexter's error category id (`categoryOfIssue`); absent for non-error issues. */
  category?: string | null;
  metadata?: { type?: string | null; value?: string | null } | null;
  /** Tag key → values seen on the issue's events (`release`, `environment`, `user.email`, …). */
  tags?: Readonly<Record<string, readonly string[]>>;
}

/** One stack frame of the issue's latest event, from Sentry's camelCase or SDK snake_case form. */
export interface FrameForSearch {
  module?: string | null;
  function?: string | null;
  filename?: string | null;
}

export interface SearchContext {
  /** Epoch milliseconds; relative dates (`lastSeen:-24h`) count back from here. */
  now: number;
  frames?: readonly FrameForSearch[];
  /** The Sentry identity `me` and `my_teams` stand for (team slugs without `#`). */
  viewer?: { id?: string; email?: string; username?: string; teams?: readonly string[] };
}
