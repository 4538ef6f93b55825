/**
 * A metric uploaded as CSV: `timestamp,value` per line, an optional header line, blank lines
 * ignored. Timestamps are ISO 8601 (with a zone, or UTC when it has none) or unix time in seconds
 * or milliseconds (told apart by size). Every bad row is reported by line and column, at most
 * `MAX_REPORTED` of them, so a person can fix the file in one pass. Pure.
 */
import { DexterError } from '../../errors/error-codes';
import type { Sample } from './stats/resample';

export const MAX_CSV_ROWS = 100_000;
const MAX_REPORTED = 10;
/** Unix times below this are seconds (10^11 s is the year 5138; 10^11 ms is 1973). */
const SECONDS_BELOW = 1e11;

export interface CsvProblem {
  line: number;
  column: 1 | 2 | null;
  message: string;
}

const unquote = (field: string) => {
  const trimmed = field.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1).trim()
    : trimmed;
};

const shown = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** Epoch ms of a timestamp field, or null. */
export function parseTimestamp(text: string): number | null {
  if (/^\d{1,16}(\.\d+)?$/.test(text)) {
    const number = Number(text);
    return number < SECONDS_BELOW ? Math.round(number * 1000) : Math.round(number);
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  // A date-time without a zone is read as UTC, not as the server's local time.
  const zoned = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) || / \d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text);
  const ms = Date.parse(zoned ? `${text.replace(' ', 'T')}Z` : text);
  return Number.isFinite(ms) ? ms : null;
}

const looksLikeHeader = (fields: string[]) =>
  fields.length === 2 && parseTimestamp(fields[0]!) === null && Number.isNaN(Number(fields[1]));

export function parseMetricCsv(text: string): Sample[] {
  const lines = text.split(/\r?\n/);
  const samples: Sample[] = [];
  const problems: CsvProblem[] = [];
  let problemCount = 0;
  let sawRow = false;
  const report = (problem: CsvProblem) => {
    problemCount++;
    if (problems.length < MAX_REPORTED) problems.push(problem);
  };
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const fields = raw.split(',').map(unquote);
    if (!sawRow) {
      sawRow = true;
      if (looksLikeHeader(fields)) return;
    }
    if (fields.length !== 2) {
      report({ line, column: null, message: `expected 2 columns (timestamp,value), found ${fields.length}` });
      return;
    }
    const at = parseTimestamp(fields[0]!);
    const value = fields[1] === '' ? Number.NaN : Number(fields[1]);
    if (at === null) {
      report({
        line,
        column: 1,
        message: `timestamp ${shown(fields[0]!)} is neither ISO 8601 nor unix seconds or milliseconds`,
      });
    }
    if (!Number.isFinite(value))
      report({ line, column: 2, message: `value ${shown(fields[1]!)} is not a finite number` });
    if (at !== null && Number.isFinite(value)) samples.push({ at, value });
  });
  if (problemCount > 0) {
    const first = problems[0]!;
    const where = `line ${first.line}${first.column ? `, column ${first.column}` : ''}`;
    const more =
      problemCount > 1 ? ` (and ${problemCount - 1} more bad ${problemCount === 2 ? 'row' : 'rows'})` : '';
    throw new DexterError('DEXTER_ERR_VALIDATION', `Invalid csv: ${where}: ${first.message}${more}`, {
      problems,
      problemCount,
    });
  }
  if (samples.length === 0)
    throw new DexterError('DEXTER_ERR_VALIDATION', 'Invalid csv: no rows of timestamp,value');
  if (samples.length > MAX_CSV_ROWS) {
    throw new DexterError(
      'DEXTER_ERR_VALIDATION',
      `Invalid csv: ${samples.length} rows; at most ${MAX_CSV_ROWS} are taken`,
    );
  }
  return samples;
}
