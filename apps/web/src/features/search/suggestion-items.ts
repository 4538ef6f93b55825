/**
 * What the search box's dropdown lists, in order: recent searches that fit what is typed (all of
 * them for an empty box), then the server's keys, values and operators. Each item carries the
 * text and caret that choosing it produces. Pure.
 */
import type { SearchSuggestion } from '@dexter/contracts';

export interface SuggestionItem {
  kind: SearchSuggestion['kind'] | 'recent';
  text: string;
  description: string | null;
  apply: { query: string; cursor: number };
}

/** Recent searches shown above the server's suggestions once something is typed. */
const RECENT_WHILE_TYPING = 3;

export function suggestionItems(
  typed: string,
  recent: readonly string[],
  server: readonly SearchSuggestion[],
): SuggestionItem[] {
  const recentItems = (typed.trim() === '' ? recent : recent.slice(0, RECENT_WHILE_TYPING)).map(
    (query): SuggestionItem => ({
      kind: 'recent',
      text: query,
      description: 'Recent search',
      apply: { query, cursor: query.length },
    }),
  );
  return [...recentItems, ...server];
}

/** The next highlighted row for an arrow key: wraps around, -1 means none. */
export function moveHighlight(current: number, count: number, direction: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return direction === 1 ? 0 : count - 1;
  return (current + direction + count) % count;
}
