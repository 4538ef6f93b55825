/**
 * The labeled event set's line format (`data/events/*.jsonl`) and its parser. A malformed line is
 * an error that names the file and line, never a silently skipped example.
 */
import { type CategoryId, isCategoryId } from './categories';
import type { ErrorEventInput } from './features';

export interface LabeledEvent extends ErrorEventInput {
  id: string;
  label: CategoryId;
}

export class DatasetFormatError extends Error {}

export function parseLabeledEvents(text: string, source: string): LabeledEvent[] {
  const events: LabeledEvent[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${source}:${index + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new DatasetFormatError(`${where}: not JSON`);
    }
    events.push(toLabeledEvent(raw, where));
  });
  return events;
}

function toLabeledEvent(raw: unknown, where: string): LabeledEvent {
  if (typeof raw !== 'object' || raw === null) throw new DatasetFormatError(`${where}: not an object`);
  const row = raw as Record<string, unknown>;
  const text = (field: string) => {
    const value = row[field];
    if (typeof value !== 'string') throw new DatasetFormatError(`${where}: "${field}" must be a string`);
    return value;
  };
  const label = text('label');
  if (!isCategoryId(label)) throw new DatasetFormatError(`${where}: unknown label "${label}"`);
  const frames = row.frames;
  if (!Array.isArray(frames) || frames.some((frame) => typeof frame !== 'string')) {
    throw new DatasetFormatError(`${where}: "frames" must be an array of "module|function" strings`);
  }
  return {
    id: text('id'),
    platform: text('platform'),
    type: text('type'),
    value: text('value'),
    frames: (frames as string[]).map((frame) => {
      const [module = '', fn = ''] = frame.split('|');
      return { module, function: fn };
    }),
    label,
  };
}
