/**
 * The search box's own reading of what is typed, with the grammar the server uses
 * (`@dexter/search-syntax`), so a query is sent only once it parses, and an error's position is
 * a position in the box: the status and level filters the stream adds around the text are not
 * part of it. Pure.
 */
import { parseSearch } from '@dexter/search-syntax';
import { ApiError } from '../../api/http';

export interface SearchProblem {
  /** 0-based offset in the typed text where the parser gave up. */
  start: number;
  /** End of the highlighted range (exclusive); equal to `start` when the text simply ends there. */
  end: number;
  message: string;
}

export type SearchCheck = { ok: true } | { ok: false; problem: SearchProblem };

export function checkSearch(text: string): SearchCheck {
  const parsed = parseSearch(text);
  if (parsed.ok) return { ok: true };
  const { position, expected, reason } = parsed.error;
  const start = Math.min(Math.max(position, 0), text.length);
  return {
    ok: false,
    problem: {
      start,
      end: highlightEnd(text, start, reason),
      message: describeProblem(expected, start, text),
    },
  };
}

/** The rest of the word at fault (an open quote or list: up to the end of the text). */
function highlightEnd(text: string, start: number, reason: string): number {
  if (reason === 'unclosed-quote' || reason === 'unclosed-list') return text.length;
  let end = start;
  while (end < text.length && !/\s/.test(text[end] ?? '')) end++;
  return end;
}

function describeProblem(expected: string, start: number, text: string): string {
  const where = start >= text.length ? 'at the end' : `at character ${start + 1}`;
  return `Expected ${expected} ${where}`;
}

export const INVALID_SEARCH_CODE = 'WEB_INVALID_SEARCH';

/**
 * Refuses, before any request, a search that does not parse (a hand-edited link: the box itself
 * never commits one), with the position in the text as typed. Sent, it would come back refused
 * with a position shifted by the status and level terms the stream adds in front of it.
 */
export function assertValidSearch(text: string): void {
  const check = checkSearch(text);
  if (check.ok) return;
  throw new ApiError({
    status: 400,
    code: INVALID_SEARCH_CODE,
    message: `The search is not valid: ${check.problem.message}.`,
    requestId: null,
  });
}
