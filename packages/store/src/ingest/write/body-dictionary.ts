/**
 * Deflate with a preset dictionary: what event JSON is compressed with when there is no
 * compressed copy to keep as received (`event-body.ts`, `raw-encoding.ts`). Most of a small
 * event's bytes are structure every event repeats (keys, frame shapes, contexts, SDK metadata);
 * a dictionary trained on real SDK events (`packages/store/src/testing/dictionary-training/train-body-dictionary.ts`)
 * holds that structure once, so each row pays only for what is its own. Measured on the store's
 * test events: deflate with this dictionary beats brotli at quality 1 in both size and time, and
 * inflating stays a fraction of parsing the JSON (the bench's `compression` figures).
 *
 * Each stored row names its dictionary (`<encoding>:<id>`), so a later dictionary never makes an
 * older row unreadable: released dictionaries stay here, unchanged, and only the current one is
 * used for new rows.
 */
import zlib from 'node:zlib';
import { SDK_EVENTS_DICTIONARY_1 } from './dictionaries/sdk-events-1';

const DICTIONARIES = new Map<string, Buffer>([['1', Buffer.from(SDK_EVENTS_DICTIONARY_1, 'utf8')]]);
/** The dictionary new rows are compressed with. */
export const CURRENT_DICTIONARY = '1';

// Level 6 (zlib's default) measured ~30 % smaller than level 1 on event JSON for ~2x the time;
// at a few KB per row that time is small next to parsing the event.
const LEVEL = 6;
// Reading back trusted rows: generous, only so that a damaged row cannot exhaust memory.
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

function dictionaryOf(id: string): Buffer {
  const dictionary = DICTIONARIES.get(id);
  if (!dictionary) throw new Error(`unknown compression dictionary: ${id}`);
  return dictionary;
}

export function deflateWithDictionary(bytes: Uint8Array, id = CURRENT_DICTIONARY) {
  return {
    bytes: zlib.deflateRawSync(bytes, { level: LEVEL, dictionary: dictionaryOf(id) }),
    dictionary: id,
  };
}

export function inflateWithDictionary(bytes: Uint8Array, id: string): Buffer {
  return zlib.inflateRawSync(bytes, { dictionary: dictionaryOf(id), maxOutputLength: MAX_INFLATED_BYTES });
}
