/**
 * Deflate with a preset dictionary: how an event body is stored when it cannot be derived from
 * the raw payload (`event-body.ts`: symbolicated events). Much of a small event's JSON is
 * structure every event repeats (keys, frame shapes, contexts, SDK metadata); a dictionary trained
 * on real SDK events (`testing/dictionary-training/train-body-dictionary.ts`) holds it once, so a
 * row pays only for what is its own. Measured on the body of the `@sentry/node` fixture event
 * (2.7 KB of JSON): 735 bytes with this dictionary against 1,084 for plain deflate, 1,185 for
 * brotli at quality 1 and 1,015 at quality 5 (Node 20's brotli takes no custom dictionary), for
 * about twice brotli-1's time; these rows are rare, so size wins.
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

// Level 6 (zlib's default): on the ingest bench's ~50 KB events, 15 % smaller than level 1 for about
// twice its time; these rows are rare, so size wins here too.
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
