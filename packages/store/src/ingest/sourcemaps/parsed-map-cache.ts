/**
 * Parsed source maps by bundle file id, least recently used first out. Parsing a map (decoding
 * its mappings) is the expensive part of symbolication; a deploy's events hit the same few maps,
 * so they stay parsed. Bounded by entries and by the maps' text size, which is what a parsed map's
 * memory grows with. A file's content never changes (a new upload is a new file), so entries
 * never go stale.
 */
import type { TraceMap } from '@jridgewell/trace-mapping';

export interface ParsedMap {
  map: TraceMap;
  /** Source text split into lines, filled per source as frames ask for it. */
  lines: Map<string, string[] | null>;
  /** Characters of the map's JSON. */
  size: number;
}

export interface ParsedMapCacheOptions {
  maxEntries: number;
  maxChars: number;
}

export function createParsedMapCache({ maxEntries, maxChars }: ParsedMapCacheOptions) {
  const entries = new Map<number, ParsedMap>();
  let chars = 0;

  return {
    get(fileId: number): ParsedMap | undefined {
      const entry = entries.get(fileId);
      if (entry) {
        entries.delete(fileId);
        entries.set(fileId, entry);
      }
      return entry;
    },
    set(fileId: number, entry: ParsedMap): void {
      const previous = entries.get(fileId);
      if (previous) {
        entries.delete(fileId);
        chars -= previous.size;
      }
      entries.set(fileId, entry);
      chars += entry.size;
      for (const [oldest, value] of entries) {
        if (entries.size <= maxEntries && chars <= maxChars) break;
        if (oldest === fileId) continue;
        entries.delete(oldest);
        chars -= value.size;
      }
    },
    get size() {
      return entries.size;
    },
  };
}

export type ParsedMapCache = ReturnType<typeof createParsedMapCache>;
