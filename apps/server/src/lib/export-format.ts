/**
 * Turns rows, as they arrive, into the text of an export: CSV (RFC 4180: a header row, CRLF line
 * ends, a field quoted when it holds a comma, quote or line break, quotes doubled; cells a
 * spreadsheet would run as a formula are prefixed with a quote, as the audit export does), a JSON
 * array written element by element, or NDJSON (one object per line). Nothing is buffered beyond
 * one row, so an export has no row cap and bounded memory.
 */
import type { ExportFormat } from '@dexter/contracts';
import { csvCell } from './csv-cell';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

export async function* exportText<Row extends Record<string, unknown>>(
  rows: AsyncIterable<Row>,
  columns: readonly (keyof Row & string)[],
  format: ExportFormat,
): AsyncGenerator<string> {
  if (format === 'csv') yield `${columns.join(',')}\r\n`;
  if (format === 'json') yield '[';
  let first = true;
  for await (const row of rows) {
    if (format === 'csv') yield `${columns.map((column) => csvCell(row[column])).join(',')}\r\n`;
    else if (format === 'ndjson') yield `${JSON.stringify(row)}\n`;
    else yield `${first ? '' : ','}\n${JSON.stringify(row)}`;
    first = false;
  }
  if (format === 'json') yield '\n]\n';
}

/**
 * Starts the iteration before the answer does, so that a failure of the first upstream page
 * (no such issue, Sentry down) is answered as an error instead of a 200 with an empty file.
 */
export async function primed<T>(source: AsyncIterable<T>): Promise<AsyncGenerator<T>> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  return (async function* () {
    try {
      if (first.done) return;
      yield first.value;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // A client that went away stops the upstream walk too.
      await iterator.return?.();
    }
  })();
}

/** `dexter-issues-acme-2026-05-01.csv`: only safe characters reach the header. */
export function exportFilename(kind: string, org: string, format: ExportFormat): string {
  const safe = org.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 50);
  return `dexter-${kind}-${safe}-${new Date().toISOString().slice(0, 10)}.${format}`;
}
