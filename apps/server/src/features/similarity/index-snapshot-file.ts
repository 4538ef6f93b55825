/**
 * Persists the similarity indexes to `<DEXTER_DATA_DIR>/similarity-index.json`, so a restart does
 * not refetch the latest event of every issue.
 *
 * Why our own format rather than the engine's `toJSON()`: each item is stored beside the issue data
 * the answers show (title, project, status, counts), and several organizations share one file. Items
 * are stored as given, root cause and `seenAt` included, as the engine's own snapshot does; rarity
 * statistics are rebuilt on load.
 *
 * Invariants: a write is atomic (temporary file, then rename), so a crash leaves the old snapshot
 * or the new one, never half of one; writes are debounced and serialized; a file that cannot be
 * read or does not parse is reported and ignored (the index is then rebuilt from Sentry), never
 * half-loaded.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { IssueSchema } from '@dexter/contracts';
import { asItemId, MAX_FRAMES } from '@dexter/grouping';
import { z } from 'zod';
import type { IndexedIssue } from './org-index';

const FrameSchema = z.object({
  function: z.string().nullable(),
  module: z.string().nullable(),
  file: z.string().nullable(),
  line: z.number().nullable(),
  inApp: z.boolean().nullable(),
});
const PartSchema = z.object({
  exceptionType: z.string().nullable(),
  message: z.string().nullable(),
  frames: z.array(FrameSchema).max(MAX_FRAMES),
});
const ItemSchema = PartSchema.extend({
  id: z.string().min(1).transform(asItemId),
  cause: PartSchema.nullish(),
  seenAt: z.number().nullish(),
  project: z.string().nullish(),
});

export const SNAPSHOT_FILE_VERSION = 1;

const SnapshotSchema = z.object({
  version: z.literal(SNAPSHOT_FILE_VERSION),
  savedAt: z.string(),
  orgs: z.record(z.string(), z.array(z.object({ item: ItemSchema, issue: IssueSchema }))),
});

export type IndexSnapshot = Record<string, IndexedIssue[]>;

export interface SnapshotFileOptions {
  path: string;
  debounceMs?: number;
  now?: () => number;
  log: { warn(object: object, message: string): void };
}

export function createSnapshotFile({ path, debounceMs = 2_000, now = Date.now, log }: SnapshotFileOptions) {
  let timer: NodeJS.Timeout | null = null;
  let pending: (() => IndexSnapshot) | null = null;
  let writing: Promise<void> = Promise.resolve();

  async function write(snapshot: IndexSnapshot): Promise<void> {
    const body = JSON.stringify({
      version: SNAPSHOT_FILE_VERSION,
      savedAt: new Date(now()).toISOString(),
      orgs: snapshot,
    });
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, body, { mode: 0o600 });
    await rename(temporary, path);
  }

  /** Writes what the last `schedule` asked for, now; resolves once it is on disk. */
  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const read = pending;
    pending = null;
    if (read) {
      const snapshot = read();
      writing = writing
        .then(() => write(snapshot))
        .catch((error: unknown) => {
          log.warn({ err: error, path }, 'similarity index could not be saved');
        });
    }
    return writing;
  }

  return {
    /** The saved indexes, or none when there is no file or it does not parse. */
    async load(): Promise<IndexSnapshot> {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        // A missing or unreadable snapshot costs a rebuild, never the server's start.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          log.warn({ err: error, path }, 'similarity index snapshot is unreadable; rebuilding from Sentry');
        }
        return {};
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const parsed = SnapshotSchema.safeParse(json);
      if (!parsed.success) {
        log.warn({ path }, 'similarity index snapshot is unreadable; rebuilding from Sentry');
        return {};
      }
      return parsed.data.orgs;
    },
    /** Saves `read()` within `debounceMs`; later calls in that window replace earlier ones. */
    schedule(read: () => IndexSnapshot): void {
      pending = read;
      timer ??= setTimeout(() => void flush(), debounceMs);
      timer.unref?.();
    },
    flush,
  };
}

export type SnapshotFile = ReturnType<typeof createSnapshotFile>;
