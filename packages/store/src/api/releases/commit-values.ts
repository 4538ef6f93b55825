/**
 * `commits` and `refs` of a release PUT, as `sentry-cli releases set-commits` sends them and as
 * Sentry's `ReleaseSerializer` checks them, refused with DRF's field map naming the field
 * (`{"commits": ["…"]}`). Lengths follow Sentry's columns (sha 64, repository name 200, author
 * email 75, file path 255); a commit without `repository` goes to Sentry's default repository
 * name, `organization-<id>`.
 */
import { fieldError } from '../api-error';
import { dateField } from './release-values';

/** 20 commits with their patch sets are a few hundred KiB at most (`--initial-depth` is 20). */
export const COMMITS_BODY_LIMIT = 4 * 1024 * 1024;
const MAX_COMMITS = 1000;
const MAX_FILES = 1000;
const MAX_SHA = 64;
const MAX_REPOSITORY = 200;
const MAX_MESSAGE = 10_000;
const MAX_NAME = 128;
const MAX_EMAIL = 75;
const MAX_PATH = 255;

export interface CommitInput {
  id: string;
  repository: string;
  message: string | null;
  authorName: string | null;
  authorEmail: string | null;
  timestamp: number | null;
  patchSet: Array<{ path: string; type: 'A' | 'M' | 'D' }>;
}

export interface RefInput {
  repository: string;
  commit: string;
  previousCommit: string | null;
}

type Body = Record<string, unknown>;

function text(field: string, value: unknown, max: number, required: boolean): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) throw fieldError(field, 'This field is required.');
    return null;
  }
  if (typeof value !== 'string') throw fieldError(field, 'Not a valid string.');
  if (value.length > max) throw fieldError(field, `Ensure this field has no more than ${max} characters.`);
  return value;
}

function objects(body: Body, field: string, max: number): Body[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw fieldError(field, 'Expected a list of items.');
  if (value.length > max) throw fieldError(field, `Ensure this list has no more than ${max} items.`);
  if (value.some((item) => item === null || typeof item !== 'object' || Array.isArray(item)))
    throw fieldError(field, 'Expected a list of objects.');
  return value as Body[];
}

function patchSet(commit: Body): CommitInput['patchSet'] {
  const files = objects(commit, 'patch_set', MAX_FILES) ?? [];
  return files.map((file) => {
    const type = file.type;
    if (type !== 'A' && type !== 'M' && type !== 'D')
      throw fieldError('commits', 'patch_set type must be one of A, M, D.');
    return { path: text('commits', file.path, MAX_PATH, true)!, type };
  });
}

export function commitsField(body: Body, defaultRepository: string): CommitInput[] | undefined {
  return objects(body, 'commits', MAX_COMMITS)?.map((commit) => ({
    id: text('commits', commit.id, MAX_SHA, true)!,
    repository: text('commits', commit.repository, MAX_REPOSITORY, false) ?? defaultRepository,
    message: text('commits', commit.message, MAX_MESSAGE, false),
    authorName: text('commits', commit.author_name, MAX_NAME, false),
    authorEmail: text('commits', commit.author_email, MAX_EMAIL, false),
    timestamp: timestampOf(commit),
    patchSet: patchSet(commit),
  }));
}

function timestampOf(commit: Body): number | null {
  try {
    return dateField(commit, 'timestamp') ?? null;
  } catch {
    throw fieldError('commits', 'timestamp must be an RFC 3339 date.');
  }
}

export function refsField(body: Body): RefInput[] | undefined {
  return objects(body, 'refs', MAX_COMMITS)?.map((ref) => ({
    repository: text('refs', ref.repository, MAX_REPOSITORY, true)!,
    commit: text('refs', ref.commit, MAX_SHA, true)!,
    previousCommit: text('refs', ref.previousCommit, MAX_SHA, false),
  }));
}
