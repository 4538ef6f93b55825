/**
 * What reading one stored event back costs, from the database the run left behind (opened read-only
 * after the server stopped): decoding a row into the whole normalized event as the event API does
 * (`readStoredEvent`: the head, and the body normalized again from the compressed raw payload),
 * the head alone (lists, Discover), and the same events as rows from before migration 0018 held
 * them (the whole event as JSON text), which is the before-figure of the same read. CPU time of
 * this process, per event; the API's own work around it (query, serialization) is the same for all.
 */
import { join } from 'node:path';
import { readStoredEvent, STORED_EVENT_COLUMNS, type StoredEventRow } from '@dexter/store/testing';
import Database from 'better-sqlite3';
import { summarizeLatencies } from '../lib/percentiles';

export interface EventReadFigures {
  events: number;
  whole_p50_ms: number;
  whole_p99_ms: number;
  head_p50_ms: number;
  inline_before_p50_ms: number;
  inline_before_p99_ms: number;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export function measureEventReads(dataDir: string, sample = 300): EventReadFigures {
  const db = new Database(join(dataDir, 'store.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare(`select ${STORED_EVENT_COLUMNS.join(', ')} from events order by random() limit ?`)
      .all(sample) as StoredEventRow[];
    const inlineRows = rows.map((row) => ({
      ...row,
      data: JSON.stringify(readStoredEvent(row)),
      body: null,
      body_encoding: 'inline',
    }));
    const timed = (read: (row: StoredEventRow) => unknown, of: StoredEventRow[]) => {
      for (const row of of.slice(0, 50)) read(row); // warm-up: compiled code, not the first call
      return summarizeLatencies(
        of.map((row) => {
          const started = performance.now();
          read(row);
          return performance.now() - started;
        }),
      );
    };
    const whole = timed(readStoredEvent, rows);
    const head = timed((row) => JSON.parse(row.data), rows);
    const inline = timed(readStoredEvent, inlineRows);
    return {
      events: rows.length,
      whole_p50_ms: round(whole.p50),
      whole_p99_ms: round(whole.p99),
      head_p50_ms: round(head.p50),
      inline_before_p50_ms: round(inline.p50),
      inline_before_p99_ms: round(inline.p99),
    };
  } finally {
    db.close();
  }
}
