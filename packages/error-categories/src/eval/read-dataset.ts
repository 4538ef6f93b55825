/** Reads every `data/events/*.jsonl` file of the labeled set (command-line scripts only). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LabeledEvent, parseLabeledEvents } from '../dataset';

export const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

export function readLabeledSet(dir = join(DATA_DIR, 'events')): LabeledEvent[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) => parseLabeledEvents(readFileSync(join(dir, name), 'utf8'), name));
}
