/**
 * The similarity service over a fake issue source, a real Dexter database (migrations and all) and
 * a real snapshot file in a temporary data directory, for the service tests. `restart()` builds a
 * second service over the same directory, as a server restart would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDexterDatabase } from '../../../db/database';
import { createFeedbackStore } from '../feedback-store';
import { createSnapshotFile } from '../index-snapshot-file';
import { createSimilarityIndexer } from '../similarity-indexer';
import { createIndexMaintenance } from '../similarity-maintenance';
import { createSimilarityService } from '../similarity-service';
import { createFakeIssueSource, type FakeIssueSpec } from './fake-issue-source';

export const ORG = 'acme';

/** One bug (a price that does not parse) reached through three call paths, in two projects. */
export const PRICE_BUG: FakeIssueSpec[] = [
  {
    id: '1',
    type: 'PriceFormatError',
    value: 'price "€12" is not a number',
    stack: ['main', 'handleRequest', 'checkoutHandler', 'orderTotal', 'lineAmount', 'parsePrice'],
    count: 30,
    userCount: 5,
  },
  {
    id: '2',
    type: 'PriceFormatError',
    value: 'price "€10" is not a number',
    stack: ['main', 'handleRequest', 'cartPreviewHandler', 'orderTotal', 'lineAmount', 'parsePrice'],
    count: 12,
    userCount: 4,
  },
  {
    id: '3',
    type: 'PriceFormatError',
    value: 'price "€11" is not a number',
    stack: ['main', 'handleRequest', 'exportInvoiceRow', 'orderTotal', 'lineAmount', 'parsePrice'],
    project: 'billing',
    count: 7,
    userCount: 1,
  },
];

export const UNRELATED: FakeIssueSpec[] = [
  {
    id: '4',
    type: 'UserNotFoundError',
    value: 'user 4001 does not exist',
    stack: ['main', 'handleRequest', 'profileHandler', 'loadUser'],
  },
  {
    id: '5',
    type: 'SyntaxError',
    value: 'Unexpected end of JSON input',
    stack: ['main', 'boot', 'readSettings', 'parse'],
  },
];

/**
 * `startOrgs`: organizations indexed at start, as in standalone mode; pass `[]` for companion mode,
 * where an organization is indexed when first used.
 */
export async function startSimilarityHarness(
  specs: FakeIssueSpec[],
  dataDir = mkdtempSync(join(tmpdir(), 'dexter-sim-')),
  startOrgs: string[] = [ORG],
) {
  const { db, close } = await openDexterDatabase(dataDir);
  const warnings: string[] = [];
  const log = { warn: (_object: object, message: string) => void warnings.push(message) };
  const now = () => Date.parse('2024-05-01T12:00:00.000Z');
  const fake = createFakeIssueSource(specs);
  const snapshot = createSnapshotFile({
    path: join(dataDir, 'similarity-index.json'),
    log,
    debounceMs: 5,
    now,
  });
  const maintenance = createIndexMaintenance({
    indexer: createSimilarityIndexer({ source: fake.source, log }),
    snapshot,
    log,
    now,
    coalesceMs: 5,
  });
  const service = createSimilarityService({
    source: fake.source,
    feedback: createFeedbackStore({ db, now }),
    maintenance,
  });
  await db
    .insertInto('users')
    .values({
      username: 'ada',
      display_name: 'Ada Lovelace',
      role: 'triager',
      created_at: 0,
      updated_at: 0,
      must_change_password: 0,
    })
    .onConflict((oc) => oc.column('username').doNothing())
    .execute();
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'ada')
    .executeTakeFirstOrThrow();
  let closed = false;
  await maintenance.start(startOrgs);
  await maintenance.idle();
  return {
    service,
    maintenance,
    fake,
    db,
    dataDir,
    warnings,
    userId: user.id,
    /** Idempotent; `keepDir` leaves the data directory for a restart. */
    async close(keepDir = false) {
      if (!closed) {
        closed = true;
        await maintenance.close();
        await close();
      }
      if (!keepDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type SimilarityHarness = Awaited<ReturnType<typeof startSimilarityHarness>>;
