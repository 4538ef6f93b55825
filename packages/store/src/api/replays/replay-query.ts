/**
 * The `query` of the replay endpoints, as far as the store answers it: `id:` / `replay_id:` (one
 * id or `[a,b]`), `error_ids:` (replays linked to that error event) and `issue.id:` (replays linked
 * to an error of that issue). Anything else is a 400 naming the key, never a silently wrong list.
 */
import { hex32 } from '../../replays/replay-items';
import { ApiError } from '../api-error';

export interface ReplayFilter {
  replayIds: string[] | null;
  errorIds: string[] | null;
  issueIds: number[] | null;
}

const TOKEN = /(\S+?):(\[[^\]]*\]|"[^"]*"|\S+)/g;

export function parseReplayQuery(query: string | undefined): ReplayFilter {
  const filter: ReplayFilter = { replayIds: null, errorIds: null, issueIds: null };
  const text = (query ?? '').trim();
  if (text === '') return filter;
  let rest = text;
  for (const match of text.matchAll(TOKEN)) {
    rest = rest.replace(match[0], '');
    const key = match[1]!;
    const values = valuesOf(match[2]!);
    if (key === 'id' || key === 'replay_id') filter.replayIds = ids(values, key);
    else if (key === 'error_ids' || key === 'error_id') filter.errorIds = ids(values, key);
    else if (key === 'issue.id') filter.issueIds = issueIds(values);
    else
      throw new ApiError(
        400,
        `Invalid query: ${key} is not a filter this store answers (id, error_ids, issue.id)`,
      );
  }
  if (rest.trim() !== '')
    throw new ApiError(400, `Invalid query: free text ${JSON.stringify(rest.trim().slice(0, 50))}`);
  return filter;
}

function valuesOf(raw: string): string[] {
  const unquoted = raw.replace(/^"|"$/g, '');
  const list = unquoted.startsWith('[') ? unquoted.slice(1, -1).split(',') : [unquoted];
  return list.map((value) => value.trim().replace(/^"|"$/g, '')).filter((value) => value !== '');
}

function ids(values: string[], key: string): string[] {
  if (values.length > 100) throw new ApiError(400, `Invalid query: at most 100 values of ${key}`);
  return values.map((value) => {
    const id = hex32(value);
    if (id === null) throw new ApiError(400, `Invalid query: ${key} must be 32 hexadecimal characters`);
    return id;
  });
}

function issueIds(values: string[]): number[] {
  if (values.length > 100) throw new ApiError(400, 'Invalid query: at most 100 values of issue.id');
  return values.map((value) => {
    if (!/^\d{1,15}$/.test(value)) throw new ApiError(400, 'Invalid query: issue.id must be an integer');
    return Number(value);
  });
}
