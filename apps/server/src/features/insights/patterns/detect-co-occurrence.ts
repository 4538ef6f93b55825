/**
 * Co-occurring issues: issues that start within a few hours of each other, stop within a few
 * hours of each other, and are active in mostly the same hours (Jaccard of their active hours),
 * which suggests one root cause. Pairs join into groups (connected components). Only issues that
 * start inside the window count (an issue active since before it has no start to compare), and by
 * default a group must span two projects. For each group, the release or deploy nearest to its
 * start, within a bound, is the first suspect. Pure.
 */
import { activeHours, HOUR_MS } from './hourly-series';

export interface CoOccurrenceIssue {
  id: string;
  project: string;
  counts: readonly number[];
}

export interface ReleaseMarker {
  version: string;
  /** Epoch ms. */
  at: number;
  kind: 'release' | 'deploy';
  environment: string | null;
}

export interface CoOccurrenceOptions {
  /** Hours the starts (and the stops) may differ by. */
  toleranceHours: number;
  /** Jaccard similarity of the active hours, at least. */
  minSimilarity: number;
  /** Active hours of each issue, at least. */
  minActiveHours: number;
  requireCrossProject: boolean;
  /** How far from the start a release or deploy may be and still be named. */
  markerWindowMs: number;
}

export const DEFAULT_CO_OCCURRENCE_OPTIONS: CoOccurrenceOptions = {
  toleranceHours: 2,
  minSimilarity: 0.5,
  minActiveHours: 3,
  requireCrossProject: true,
  markerWindowMs: 12 * HOUR_MS,
};

export interface CoOccurrence {
  issueIds: string[];
  projects: string[];
  /** Epoch ms of the first and the last active hour (earliest start, latest stop). */
  start: number;
  end: number;
  /** The group's weakest pairwise similarity. */
  similarity: number;
  /** False when the issues were still active in the series' last hour. */
  stopped: boolean;
  nearestMarker: (ReleaseMarker & { offsetMs: number }) | null;
}

interface Activity {
  issue: CoOccurrenceIssue;
  hours: Set<number>;
  first: number;
  last: number;
}

function jaccard(a: Set<number>, b: Set<number>): number {
  let shared = 0;
  for (const hour of a) if (b.has(hour)) shared++;
  return shared / (a.size + b.size - shared);
}

export function detectCoOccurrence(
  issues: readonly CoOccurrenceIssue[],
  start: number,
  markers: readonly ReleaseMarker[],
  options: CoOccurrenceOptions = DEFAULT_CO_OCCURRENCE_OPTIONS,
): CoOccurrence[] {
  const length = Math.max(0, ...issues.map((issue) => issue.counts.length));
  const activities: Activity[] = issues.flatMap((issue) => {
    const hours = activeHours(issue.counts);
    const first = hours[0];
    const last = hours[hours.length - 1];
    // Active in the first hour: it started before the window, so its start is unknown.
    if (first === undefined || last === undefined || first === 0 || hours.length < options.minActiveHours)
      return [];
    return [{ issue, hours: new Set(hours), first, last }];
  });
  const parent = activities.map((_, index) => index);
  const root = (i: number): number => {
    let at = i;
    while (parent[at] !== at) at = parent[at] ?? at;
    return at;
  };
  const pairSimilarity = new Map<string, number>();
  for (let a = 0; a < activities.length; a++) {
    for (let b = a + 1; b < activities.length; b++) {
      const left = activities[a];
      const right = activities[b];
      if (!left || !right) continue;
      if (Math.abs(left.first - right.first) > options.toleranceHours) continue;
      if (Math.abs(left.last - right.last) > options.toleranceHours) continue;
      const similarity = jaccard(left.hours, right.hours);
      if (similarity < options.minSimilarity) continue;
      pairSimilarity.set(`${a}:${b}`, similarity);
      parent[root(a)] = root(b);
    }
  }
  const groups = new Map<number, number[]>();
  activities.forEach((_, index) => {
    const members = groups.get(root(index)) ?? [];
    members.push(index);
    groups.set(root(index), members);
  });
  const found: CoOccurrence[] = [];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const group = members.flatMap((index) => activities[index] ?? []);
    const projects = [...new Set(group.map((activity) => activity.issue.project))].sort();
    if (options.requireCrossProject && projects.length < 2) continue;
    const similarities = [...pairSimilarity.entries()]
      .filter(([key]) => key.split(':').every((index) => members.includes(Number(index))))
      .map(([, similarity]) => similarity);
    const first = Math.min(...group.map((activity) => activity.first));
    const last = Math.max(...group.map((activity) => activity.last));
    const startAt = start + first * HOUR_MS;
    found.push({
      issueIds: group.map((activity) => activity.issue.id),
      projects,
      start: startAt,
      end: start + (last + 1) * HOUR_MS,
      similarity: Math.round(Math.min(...similarities) * 1000) / 1000,
      stopped: last < length - 1,
      nearestMarker: nearestMarker(markers, startAt, options.markerWindowMs),
    });
  }
  return found.sort((a, b) => b.start - a.start);
}

function nearestMarker(markers: readonly ReleaseMarker[], at: number, window: number) {
  let best: (ReleaseMarker & { offsetMs: number }) | null = null;
  for (const marker of markers) {
    const offsetMs = marker.at - at;
    if (Math.abs(offsetMs) > window) continue;
    if (!best || Math.abs(offsetMs) < Math.abs(best.offsetMs)) best = { ...marker, offsetMs };
  }
  return best;
}
