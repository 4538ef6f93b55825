/**
 * Suspect commits of an event, after Sentry's `utils/committers.py`: the commits whose changed
 * files match the paths of the event's in-app frames, path segments compared from the file name
 * backwards, case-insensitively (`score_path_match_length`). Each frame keeps only the commits
 * of its longest match; a match of the file name alone counts only when the changed path is a
 * bare file name too, so `index.js` does not suspect every commit that touched an `index.js`.
 *
 * Ranked by frame (the crashing frame first), then match length, then the newer commit; at most
 * `MAX_SUSPECTS`. Pure: the route reads the event and the commits.
 */
import type { NormalizedEvent, NormalizedFrame } from '../../ingest/normalize/normalized-event';

/** Sentry's `frame_limit`: in-app frames nearest the crash. */
export const FRAME_LIMIT = 25;
export const MAX_SUSPECTS = 5;

export interface ChangedFile {
  commitId: number;
  filename: string;
  /** Epoch ms of the commit, for ties. */
  date: number;
}

export interface Suspect {
  commitId: number;
  /** Matching path segments (Sentry's `score`). */
  score: number;
  /** The changed file that matched, and the frame path it matched. */
  filename: string;
  framePath: string;
  /** 0 = the crashing frame. */
  frameIndex: number;
}

/**
 * Path segments, last first. URL schemes and hosts (`app:///`, `webpack://app/`), `~`, `.` and
 * empty segments are dropped, so a bundle's frame path meets the repository path.
 */
export function pathTokens(path: string): string[] {
  const withoutScheme = path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return withoutScheme
    .split(/[\\/]/)
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '~')
    .reverse();
}

export function scorePathMatch(a: string, b: string): number {
  const [ta, tb] = [pathTokens(a), pathTokens(b)];
  let score = 0;
  while (score < Math.min(ta.length, tb.length) && ta[score]!.toLowerCase() === tb[score]!.toLowerCase())
    score += 1;
  return score;
}

/** In-app frame paths, crashing frame first: the thrown exception's, then its causes', then a bare stack. */
export function framePaths(event: NormalizedEvent): string[] {
  const stacks = [...event.exceptions].reverse().map((exception) => exception.frames);
  if (event.stacktrace) stacks.push(event.stacktrace);
  const frames: NormalizedFrame[] = stacks.flatMap((stack) => [...stack].reverse());
  const inApp = frames.filter((frame) => frame.inApp);
  const chosen = (inApp.length > 0 ? inApp : frames).slice(0, FRAME_LIMIT);
  const paths = chosen.map((frame) => frame.filename ?? frame.absPath).filter((p): p is string => !!p);
  return [...new Set(paths)];
}

function bestMatches(
  files: readonly ChangedFile[],
  framePath: string,
): Array<{ file: ChangedFile; score: number }> {
  let best = 1;
  let matches: Array<{ file: ChangedFile; score: number }> = [];
  for (const file of files) {
    const score = scorePathMatch(file.filename, framePath);
    if (score < best) continue;
    if (score === 1 && pathTokens(file.filename).length > 1) continue;
    if (score > best) {
      best = score;
      matches = [];
    }
    matches.push({ file, score });
  }
  return matches;
}

export function rankSuspects(paths: readonly string[], files: readonly ChangedFile[]): Suspect[] {
  const byCommit = new Map<number, Suspect & { date: number }>();
  paths.forEach((framePath, frameIndex) => {
    for (const { file, score } of bestMatches(files, framePath)) {
      if (byCommit.has(file.commitId)) continue;
      byCommit.set(file.commitId, {
        commitId: file.commitId,
        score,
        filename: file.filename,
        framePath,
        frameIndex,
        date: file.date,
      });
    }
  });
  return [...byCommit.values()]
    .sort((a, b) => a.frameIndex - b.frameIndex || b.score - a.score || b.date - a.date)
    .slice(0, MAX_SUSPECTS)
    .map(({ date: _date, ...suspect }) => suspect);
}
