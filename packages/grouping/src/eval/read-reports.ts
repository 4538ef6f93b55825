// Parses the grouping benchmark's JSONL (see ../shared/data/grouping/README.md) into grouping items
// plus their labels. Why a hand-written check instead of a schema library: the engine package has no
// dependencies, and the only thing the eval needs from a bad line is a message naming the line.
// Invariant: either every non-blank line parses, or a `ReportFormatError` names the first bad line.

import { asItemId } from '../ids';
import type { ExceptionPart, GroupingItem } from '../item';
import { normalizeBenchmarkFrames } from '../normalize/frame-normalizers';

export interface LabeledReport {
  readonly item: GroupingItem;
  readonly groupId: string;
  /** Milliseconds since the epoch. */
  readonly time: number;
  readonly line: number;
}

export class ReportFormatError extends Error {
  override readonly name = 'ReportFormatError';
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** JIRA writes offsets as +0000; `Date.parse` wants +00:00. */
function parseTimestamp(raw: string): number {
  return Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

function optionalText(record: Record<string, unknown>, key: string, line: number): string | null {
  const value = record[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string')
    throw new ReportFormatError(`line ${line}: "${key}" must be a string or null`);
  return value;
}

/** The last `Caused by:` of the chain; null when the chain has a single exception or is absent. */
function rootCause(exceptions: unknown, line: number): ExceptionPart | null {
  if (exceptions === undefined || exceptions === null) return null;
  if (!Array.isArray(exceptions)) throw new ReportFormatError(`line ${line}: "exceptions" must be an array`);
  if (exceptions.length < 2) return null;
  const last: unknown = exceptions[exceptions.length - 1];
  if (!isRecord(last) || !Array.isArray(last.frames)) {
    throw new ReportFormatError(
      `line ${line}: "exceptions[${exceptions.length - 1}]" must have a "frames" array`,
    );
  }
  return {
    exceptionType: optionalText(last, 'type', line),
    message: optionalText(last, 'message', line),
    frames: normalizeBenchmarkFrames(last.frames),
  };
}

export function parseReportLine(text: string, line: number): LabeledReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ReportFormatError(`line ${line}: not valid JSON`);
  }
  if (!isRecord(value)) throw new ReportFormatError(`line ${line}: expected a JSON object`);
  const { id, group_id: groupId, timestamp, frames, project } = value;
  if (typeof id !== 'string' || id === '')
    throw new ReportFormatError(`line ${line}: "id" must be a non-empty string`);
  if (typeof groupId !== 'string' || groupId === '') {
    throw new ReportFormatError(`line ${line}: "group_id" must be a non-empty string`);
  }
  const time = typeof timestamp === 'string' ? parseTimestamp(timestamp) : Number.NaN;
  if (Number.isNaN(time)) throw new ReportFormatError(`line ${line}: "timestamp" must be an ISO-8601 date`);
  if (!Array.isArray(frames)) throw new ReportFormatError(`line ${line}: "frames" must be an array`);
  return {
    item: {
      id: asItemId(id),
      frames: normalizeBenchmarkFrames(frames),
      exceptionType: optionalText(value, 'exception_type', line),
      message: optionalText(value, 'exception_message', line),
      cause: rootCause(value.exceptions, line),
      seenAt: time,
      project: typeof project === 'string' ? project : null,
    },
    groupId,
    time,
    line,
  };
}

/** Parses every non-blank line; rejects duplicate ids, which would make the protocol ambiguous. */
export function parseReports(lines: Iterable<string>): LabeledReport[] {
  const reports: LabeledReport[] = [];
  const seen = new Set<string>();
  let line = 0;
  for (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    const report = parseReportLine(text, line);
    if (seen.has(report.item.id))
      throw new ReportFormatError(`line ${line}: duplicate id "${report.item.id}"`);
    seen.add(report.item.id);
    reports.push(report);
  }
  return reports;
}

/** The protocol's processing order: by timestamp, then by id. */
export function chronological(reports: readonly LabeledReport[]): LabeledReport[] {
  return [...reports].sort(
    (x, y) => x.time - y.time || (x.item.id < y.item.id ? -1 : x.item.id > y.item.id ? 1 : 0),
  );
}
