/**
 * An in-memory `IssueSource` for the service tests: issues with one latest event each, whose stack
 * is given as function names, caller first (Sentry's order). Counts every call, so tests can prove
 * what was (not) fetched.
 */
import type { Issue } from '@dexter/contracts';
import type { Event as SentryEvent } from '@dexter/sentry-client';
import type { IssueSource } from '../issue-source';

export interface FakeIssueSpec {
  id: string;
  type: string;
  value: string;
  /** Function names, caller first; each in `app.js`. */
  stack: string[];
  project?: string;
  status?: string;
  count?: number;
  userCount?: number;
  lastSeen?: string;
}

/** An organization the fake Sentry does not know: listing its issues fails. */
export const UNKNOWN_ORG = 'nobody';

export function fakeIssue(spec: FakeIssueSpec): Issue {
  const project = spec.project ?? 'shop';
  return {
    id: spec.id,
    shortId: `${project.toUpperCase()}-${spec.id}`,
    title: `${spec.type}: ${spec.value}`,
    culprit: spec.stack.at(-1) ?? '',
    level: 'error',
    status: spec.status ?? 'unresolved',
    platform: 'node',
    count: spec.count ?? 1,
    userCount: spec.userCount ?? 1,
    firstSeen: spec.lastSeen ?? '2024-05-01T10:00:00.000Z',
    lastSeen: spec.lastSeen ?? '2024-05-01T10:00:00.000Z',
    project: { id: `p-${project}`, slug: project, name: project },
    metadata: { type: spec.type, value: spec.value },
    permalink: null,
  };
}

const eventOf = (spec: FakeIssueSpec): SentryEvent => ({
  id: `event-${spec.id}`,
  entries: [
    {
      type: 'exception',
      data: {
        values: [
          {
            type: spec.type,
            value: spec.value,
            stacktrace: {
              frames: spec.stack.map((fn, i) => ({
                function: fn,
                filename: 'app.js',
                lineNo: 10 + i,
                inApp: true,
              })),
            },
          },
        ],
      },
    },
  ],
});

export function createFakeIssueSource(initial: FakeIssueSpec[] = []) {
  const issues = new Map<string, Issue>();
  const events = new Map<string, SentryEvent>();
  /** The priority of every read that was not made for a person waiting on an answer. */
  const priorities: string[] = [];
  const calls = {
    issues: 0,
    latestEvent: 0,
    recent: 0,
    updates: [] as Array<{ projectId: string; ids: string[]; change: object }>,
  };

  const add = (spec: FakeIssueSpec) => {
    issues.set(spec.id, fakeIssue(spec));
    events.set(spec.id, eventOf(spec));
  };
  for (const spec of initial) add(spec);

  const source: IssueSource = {
    async issues(_org, ids) {
      calls.issues++;
      return new Map(ids.map((id) => [id, issues.get(id) ?? null]));
    },
    async latestEvent(_org, issueId, priority) {
      calls.latestEvent++;
      priorities.push(priority);
      return events.get(issueId) ?? null;
    },
    async recent(org, limit, priority) {
      calls.recent++;
      if (org === UNKNOWN_ORG) throw new Error(`no organization ${org}`);
      priorities.push(priority);
      return [...issues.values()]
        .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))
        .slice(0, limit);
    },
    async update(_org, projectId, ids, change) {
      calls.updates.push({ projectId, ids: [...ids], change });
      if ('status' in change)
        for (const id of ids) issues.set(id, { ...issues.get(id)!, status: change.status });
      const [parentId, ...children] = ids;
      if ('merge' in change) for (const id of children) issues.delete(id);
      return { parentId: 'merge' in change ? (parentId ?? null) : null };
    },
  };
  return {
    source,
    calls,
    priorities,
    add,
    set: (id: string, patch: Partial<Issue>) => issues.set(id, { ...issues.get(id)!, ...patch }),
  };
}
