/**
 * Symbolication at ingest: a JavaScript event whose frames point into an uploaded minified script
 * is stored with its original frames (the SDK's kept as `rawFrames`), grouped on them, and titled
 * from them, as Sentry does before it persists an event.
 *
 * It runs on the main thread between the ingest workers and the write queue, because it needs
 * the database and the workers have none; it never runs inside the write transaction, so a slow
 * map parse delays only its own request. Events of projects with no bundle cost one index seek
 * and no parse. Parsed maps are kept in a bounded LRU (`parsed-map-cache.ts`).
 *
 * An event that arrives before its maps are uploaded is stored as sent and stays minified: events
 * are not reprocessed. Symbolication never fails an event: on any error the event goes on as sent.
 */
import { FlattenMap } from '@jridgewell/trace-mapping';
import type { Kysely } from 'kysely';
import type { StoreDatabase } from '../../db/schema';
import { computeGroupingHashes } from '../grouping/grouping-hash';
import { stackSignatureOf } from '../grouping/stack-signature';
import { summarize } from '../normalize/event-summary';
import type { NormalizedEvent } from '../normalize/normalized-event';
import { searchTextOf } from '../prepare/prepare-event';
import { encodeBody, headOf, readStoredEvent } from '../write/event-body';
import type { EventToWrite } from '../write/event-writer';
import { createParsedMapCache, type ParsedMap, type ParsedMapCacheOptions } from './parsed-map-cache';
import { createSourceMapLookup, type LookupScope } from './source-map-lookup';
import { frameUrlOf, symbolicateEvent } from './symbolicate-frames';

const JS_PLATFORMS = new Set(['javascript', 'node']);
/** Distinct scripts looked up per event: a real stack touches a handful. */
const MAX_SCRIPTS = 50;

export interface SymbolicatorOptions {
  db: Kysely<StoreDatabase>;
  cache?: Partial<ParsedMapCacheOptions>;
  onError?: (error: unknown) => void;
}

export function createSymbolicator({ db, cache: cacheOptions, onError }: SymbolicatorOptions) {
  const lookup = createSourceMapLookup(db);
  // A parsed map holds its decoded mappings and its sources (as text and as lines): a few times
  // its JSON. 64 MiB of map text keeps the cache to a few hundred MiB at worst.
  const cache = createParsedMapCache({ maxEntries: 32, maxChars: 64 * 1024 * 1024, ...cacheOptions });
  const loading = new Map<number, Promise<ParsedMap | null>>();

  function parsedMap(fileId: number): Promise<ParsedMap | null> {
    const cached = cache.get(fileId);
    if (cached) return Promise.resolve(cached);
    let pending = loading.get(fileId);
    if (!pending) {
      pending = load(fileId).finally(() => loading.delete(fileId));
      loading.set(fileId, pending);
    }
    return pending;
  }

  async function load(fileId: number): Promise<ParsedMap | null> {
    const content = await lookup.content(fileId);
    if (content === null) return null;
    const text = Buffer.from(content).toString('utf8');
    let entry: ParsedMap;
    try {
      entry = { map: new FlattenMap(JSON.parse(text)), lines: new Map(), size: text.length };
    } catch {
      return null; // not a source map after all: the frames stay as sent
    }
    cache.set(fileId, entry);
    return entry;
  }

  async function mapsFor(event: NormalizedEvent, scope: LookupScope): Promise<Map<string, ParsedMap | null>> {
    const debugIds = new Map(event.debugImages.map((image) => [image.codeFile, image.debugId]));
    const maps = new Map<string, ParsedMap | null>();
    for (const exception of event.exceptions) {
      for (const frame of exception.frames) {
        const url = frameUrlOf(frame);
        if (url === null || frame.lineNo === null || frame.colNo === null || maps.has(url)) continue;
        // Node's own modules are never in an uploaded bundle.
        if (url.startsWith('node:')) continue;
        if (maps.size >= MAX_SCRIPTS) return maps;
        const debugId = debugIds.get(url) ?? (frame.filename ? debugIds.get(frame.filename) : undefined);
        const fileId =
          (debugId ? await lookup.mapByDebugId(scope.projectId, debugId) : null) ??
          (await lookup.mapByUrl(scope, url));
        maps.set(url, fileId === null ? null : await parsedMap(fileId));
      }
    }
    return maps;
  }

  async function symbolicate(job: EventToWrite): Promise<EventToWrite> {
    if (!JS_PLATFORMS.has(job.issue.platform)) return job;
    const organizationId = await lookup.organizationWithBundles(job.projectId);
    if (organizationId === null) return job;
    const event = readStoredEvent({
      data: Buffer.from(job.data).toString('utf8'),
      body: job.body,
      body_encoding: job.bodyEncoding,
      raw: job.raw,
      raw_encoding: job.rawEncoding,
    });
    const scope = { projectId: job.projectId, organizationId, release: event.release, dist: event.dist };
    const maps = await mapsFor(event, scope);
    const mapped = symbolicateEvent(event, (url) => maps.get(url) ?? null);
    return mapped === null ? job : rebuild(job, event, mapped);
  }

  return {
    /** The job with its frames symbolicated, or the job itself; never rejects. */
    async apply(job: EventToWrite): Promise<EventToWrite> {
      try {
        return await symbolicate(job);
      } catch (error) {
        onError?.(error);
        return job;
      }
    },
    /** Parsed maps held (for tests and diagnostics). */
    get cachedMaps() {
      return cache.size;
    },
  };
}

export type Symbolicator = ReturnType<typeof createSymbolicator>;

/** What the frames decide, computed again: title, culprit, metadata, grouping, the stored JSON. */
function rebuild(job: EventToWrite, before: NormalizedEvent, mapped: NormalizedEvent): EventToWrite {
  const summaryOf = (event: NormalizedEvent) =>
    summarize({
      platform: event.platform,
      message: event.message,
      transaction: event.transaction,
      exceptions: event.exceptions,
      stacktrace: event.stacktrace,
      requestUrl: event.request?.url ?? null,
      sdkCulprit: null,
    });
  const summary = summaryOf(mapped);
  // A culprit the SDK sent stays; one derived from the minified frames is derived again.
  const culprit = summaryOf(before).culprit === before.culprit ? summary.culprit : before.culprit;
  const event: NormalizedEvent = { ...mapped, title: summary.title, culprit, metadata: summary.metadata };
  return {
    ...job,
    issue: {
      ...job.issue,
      title: event.title,
      culprit: event.culprit,
      metadata: JSON.stringify(event.metadata),
      searchText: searchTextOf(event),
    },
    hashes: computeGroupingHashes(event).hashes,
    stack: stackSignatureOf(event),
    // The raw payload no longer normalizes to these frames: the body is stored.
    data: Buffer.from(JSON.stringify(headOf(event)), 'utf8'),
    ...encodeBody(event),
  };
}
