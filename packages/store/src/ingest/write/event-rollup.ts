/**
 * Keeps the hourly event rollup (`migration-0009-event-rollup.ts`) in step with the events a batch
 * writes: the batch's events are counted in memory per issue, hour, release and environment, and
 * each distinct key is upserted once, into both the per-issue and the per-project table, just
 * before the batch commits. So the rollup and `events` always commit (or roll back) together.
 * A batch that falls back to one event per transaction (`write-queue.ts`) uses one counter each.
 */
import type { Database } from 'better-sqlite3';
import type { EventToWrite, WrittenEvent } from './event-writer';

const HOUR_MS = 3_600_000;

/** The start of the hour of `timestamp` (ms), as the rollup buckets events. */
export const hourOf = (timestamp: number): number => Math.floor(timestamp / HOUR_MS) * HOUR_MS;

interface Counts {
  issueId: number;
  projectId: number;
  bucket: number;
  release: string;
  environment: string;
  events: number;
  newIssues: number;
}

export function createRollupWriter(sqlite: Database) {
  const upsertIssue = sqlite.prepare(
    `insert into event_rollup (issue_id, bucket, release, environment, project_id, events, new_issues)
     values (@issueId, @bucket, @release, @environment, @projectId, @events, @newIssues)
     on conflict (issue_id, bucket, release, environment) do update set
       events = events + excluded.events, new_issues = new_issues + excluded.new_issues`,
  );
  const upsertProject = sqlite.prepare(
    `insert into event_rollup_project (project_id, bucket, release, environment, events, new_issues)
     values (@projectId, @bucket, @release, @environment, @events, @newIssues)
     on conflict (project_id, bucket, release, environment) do update set
       events = events + excluded.events, new_issues = new_issues + excluded.new_issues`,
  );

  /** One batch's counts; `flush` inside the batch's transaction, before its commit. */
  function batch() {
    const byIssue = new Map<string, Counts>();
    return {
      add(job: EventToWrite, written: WrittenEvent): void {
        if (written.duplicate) return;
        const bucket = hourOf(job.timestamp);
        const release = job.release ?? '';
        const environment = job.environment ?? '';
        const key = `${written.issueId}\u0000${bucket}\u0000${release}\u0000${environment}`;
        let counts = byIssue.get(key);
        if (!counts) {
          counts = {
            issueId: written.issueId,
            projectId: job.projectId,
            bucket,
            release,
            environment,
            events: 0,
            newIssues: 0,
          };
          byIssue.set(key, counts);
        }
        counts.events += 1;
        if (written.isNewIssue) counts.newIssues += 1;
      },
      flush(): void {
        const byProject = new Map<string, Omit<Counts, 'issueId'>>();
        for (const counts of byIssue.values()) {
          upsertIssue.run(counts);
          const key = `${counts.projectId}\u0000${counts.bucket}\u0000${counts.release}\u0000${counts.environment}`;
          const project = byProject.get(key);
          if (project) {
            project.events += counts.events;
            project.newIssues += counts.newIssues;
          } else {
            const { issueId: _, ...rest } = counts;
            byProject.set(key, rest);
          }
        }
        for (const counts of byProject.values()) upsertProject.run(counts);
        byIssue.clear();
      },
    };
  }

  return { batch };
}
