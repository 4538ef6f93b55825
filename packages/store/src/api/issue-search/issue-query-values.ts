/**
 * Numbers and dates of issue search terms as SQL operands. The grammar has already read and
 * validated each value (`times_seen:>1.5k`, `lastSeen:-24h`, `firstSeen:<2026-01-01T12:00:00Z`);
 * this adds the store's meanings: a relative date counts back from `now` (`-24h`: within the last
 * 24 hours, `+7d`: older than 7 days), a bare ISO date means "that day or moment onwards", `age:`
 * takes only relative dates (as in Sentry), and `!` flips the comparison (the columns are never
 * null, so the flipped comparison is the exact complement).
 */
import { parseRelativeDate, parseSearchDate, parseSearchNumber, type TermNode } from '@dexter/search-syntax';
import { invalidAge, invalidDate, invalidNumber } from './issue-query-errors';

export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

const FLIPPED: Record<CompareOp, CompareOp> = {
  '=': '!=',
  '!=': '=',
  '>': '<=',
  '>=': '<',
  '<': '>=',
  '<=': '>',
};

const operand = (term: TermNode, op: CompareOp, value: number) => ({
  op: term.negated ? FLIPPED[op] : op,
  value,
});

export function numberOperand(term: TermNode, raw: string): { op: CompareOp; value: number } {
  const value = parseSearchNumber(raw);
  if (value === null) throw invalidNumber(term.key, raw);
  return operand(term, term.op, value);
}

export function dateOperand(term: TermNode, now: number): { op: CompareOp; value: number } {
  const raw = String(term.value);
  const relative = parseRelativeDate(raw);
  if (relative) return operand(term, relative.newer ? '>=' : '<=', now - relative.ms);
  if (term.key === 'age') throw invalidAge(raw);
  const date = parseSearchDate(raw);
  if (!date) throw invalidDate(term.key, raw);
  // The grammar refuses `=` and `!=` on dates: `=` is its "no operator written".
  return operand(term, term.op === '=' ? '>=' : term.op, date.at);
}
