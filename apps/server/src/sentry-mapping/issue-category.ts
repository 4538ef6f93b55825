/**
 * The error category of an issue, from what the issue itself carries in both modes: its exception
 * type and message (`metadata`, which Sentry and the store fill from the issue's events), the
 * top in-app frame (`metadata.filename`/`function`, else the culprit) and the platform. No event
 * fetch, so the stream, `category:` search and the issue page all give the same answer at no
 * upstream cost (docs/categories.md). Results are memoized by those inputs: a page of 100 issues
 * classifies each distinct issue once per process.
 */
import type { IssueCategory } from '@dexter/contracts';
import { CATEGORY_LABELS, classifyError, type FrameInput } from '@dexter/error-categories';
import type { Issue as SentryIssue } from '@dexter/sentry-client';

const MEMO_LIMIT = 10_000;
const memo = new Map<string, IssueCategory>();

/** `app.orders.views in checkout` → module and function, as Sentry writes a culprit. */
function culpritFrame(culprit: string): FrameInput {
  const at = culprit.lastIndexOf(' in ');
  return at < 0 ? { module: culprit } : { module: culprit.slice(0, at), function: culprit.slice(at + 4) };
}

/** Only error issues have a category: performance, cron, feedback… issues are not exceptions. */
export function categoryOfIssue(issue: SentryIssue): IssueCategory | undefined {
  if (issue.issueCategory && issue.issueCategory !== 'error') return undefined;
  const metadata = issue.metadata ?? {};
  const type = metadata.type ?? '';
  const value = metadata.value ?? (type ? '' : (issue.title ?? ''));
  const frames: FrameInput[] = [];
  if (metadata.filename || metadata.function) {
    frames.push({ filename: metadata.filename ?? null, function: metadata.function ?? null });
  }
  if (issue.culprit) frames.push(culpritFrame(issue.culprit));
  const key = JSON.stringify([issue.platform ?? '', type, value, frames]);
  const known = memo.get(key);
  if (known) return known;
  const { category, confidence } = classifyError({ platform: issue.platform, type, value, frames });
  const result = { id: category, label: CATEGORY_LABELS[category], confidence };
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value ?? '');
  memo.set(key, result);
  return result;
}
