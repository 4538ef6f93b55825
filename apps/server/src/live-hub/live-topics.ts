/**
 * Which topics an event belongs to, and what part of it a subscriber of some topics may see. The
 * hub routes with `topicsOf`; the per-subscriber view matters only for `issue.counts`, which
 * batches many issues into one message: a subscriber of one issue gets that issue's entries only.
 *
 * Invariant: an event reaches a connection iff one of `topicsOf(event)` is among its topics, or
 * `topicsOf(event)` is null (status messages for everyone, such as `upstream.degraded`).
 */
import { type LiveEvent, liveTopic } from '@dexter/contracts';

type Counts = Extract<LiveEvent, { type: 'issue.counts' }>;
type CountEntry = Counts['counts'][number];

const issueTopics = (org: string, project: string | null, issueId: string) => {
  const topics = [liveTopic.org(org), liveTopic.issue(org, issueId)];
  if (project) topics.push(liveTopic.project(org, project));
  return topics;
};

/** The topics of an event; null means every connection. */
export function topicsOf(event: LiveEvent): string[] | null {
  switch (event.type) {
    case 'issue.created':
    case 'issue.regressed':
    case 'issue.updated':
      return issueTopics(event.org, event.project, event.issueId);
    case 'issue.counts': {
      const topics = new Set([liveTopic.org(event.org)]);
      for (const entry of event.counts) {
        topics.add(liveTopic.issue(event.org, entry.issueId));
        if (entry.project) topics.add(liveTopic.project(event.org, entry.project));
      }
      return [...topics];
    }
    case 'alert.fired':
      return event.issueId
        ? [liveTopic.org(event.org), liveTopic.issue(event.org, event.issueId)]
        : [liveTopic.org(event.org)];
    case 'deploy.flagged':
    case 'release.changed':
      return [liveTopic.org(event.org)];
    case 'job.progress':
      return [liveTopic.job(event.org, event.jobId)];
    case 'upstream.degraded':
      return null;
  }
}

const entryMatches = (org: string, entry: CountEntry, topics: ReadonlySet<string>) =>
  topics.has(liveTopic.issue(org, entry.issueId)) ||
  (entry.project !== null && topics.has(liveTopic.project(org, entry.project)));

/**
 * The entries of a counts event that `topics` cover, minus those `already` covers (used when a
 * replay must not repeat what an earlier subscription delivered). Null when nothing is left.
 */
export function countsFor(
  event: Counts,
  topics: ReadonlySet<string>,
  already: ReadonlySet<string> = new Set(),
): Counts | null {
  const org = event.org;
  if (already.has(liveTopic.org(org))) return null;
  const wanted = (entry: CountEntry) =>
    (topics.has(liveTopic.org(org)) || entryMatches(org, entry, topics)) &&
    !entryMatches(org, entry, already);
  const counts = event.counts.filter(wanted);
  if (counts.length === 0) return null;
  return counts.length === event.counts.length ? event : { ...event, counts };
}

/** Whether any of `topics` covers the event (null-topic events are covered by any set). */
export function covers(event: LiveEvent, topics: ReadonlySet<string>): boolean {
  const eventTopics = topicsOf(event);
  return eventTopics === null || eventTopics.some((topic) => topics.has(topic));
}
