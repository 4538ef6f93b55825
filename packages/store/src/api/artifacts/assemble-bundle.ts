/**
 * Assembling an artifact bundle from its chunks: the state machine behind
 * `POST …/artifactbundle/assemble/` (Sentry's `organization_artifactbundle_assemble.py`).
 *
 * - A checksum assembled before answers its remembered state (`ok`, or `error` with its detail)
 *   at once: sentry-cli asks again after uploading and, with `--wait`, every second.
 * - Otherwise, chunks the organization does not hold are `not_found` with `missingChunks`: the
 *   CLI uploads exactly those and asks again.
 * - With every chunk present the bundle is built here and now: the chunks joined must hash to the
 *   checksum, the zip must read (`bundle-archive.ts`), and its files, projects and release are
 *   written in one transaction. The state is then `ok` (Sentry answers `created` and finishes in
 *   a task; the CLI accepts `ok` on any answer), or `error` with a detail the CLI prints.
 * `missingChunks` is in every answer: sentry-cli requires it.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { StoreDatabase } from '../../db/schema';
import { bundlesLinked } from '../../ingest/sourcemaps/source-map-lookup';
import type { ApiContext } from '../http/api-context';
import { ARTIFACT_LIMITS } from './artifact-limits';
import { type Bundle, BundleError, readBundle } from './bundle-archive';

export type AssembleState = 'ok' | 'error' | 'not_found' | 'created' | 'assembling';

export interface AssembleAnswer {
  state: AssembleState;
  missingChunks: string[];
  detail: string | null;
}

export interface AssembleRequest {
  organizationId: number;
  checksum: string;
  chunks: string[];
  projectIds: number[];
  version: string | null;
  dist: string | null;
}

const FILE_ROWS_PER_INSERT = 50;

export async function assembleBundle(ctx: ApiContext, request: AssembleRequest): Promise<AssembleAnswer> {
  const remembered = await ctx.db
    .selectFrom('artifact_bundle_assemblies')
    .select(['state', 'detail'])
    .where('organization_id', '=', request.organizationId)
    .where('checksum', '=', request.checksum)
    .executeTakeFirst();
  if (remembered?.state === 'ok') {
    // The same bundle may be uploaded again for another project or release.
    await ctx.db.transaction().execute((trx) => associate(trx, request, null));
    return { state: 'ok', missingChunks: [], detail: null };
  }
  if (remembered) return { state: 'error', missingChunks: [], detail: remembered.detail };

  const missing = await missingChunks(ctx, request);
  if (missing.length > 0) return { state: 'not_found', missingChunks: missing, detail: null };

  let bundle: Bundle;
  let zip: Buffer;
  try {
    zip = await joinChunks(ctx, request);
    bundle = readBundle(zip);
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    await remember(ctx.db, ctx.now(), request, 'error', error.message);
    return { state: 'error', missingChunks: [], detail: error.message };
  }
  await ctx.db.transaction().execute(async (trx) => {
    // A concurrent assemble of the same checksum may have finished while this one read chunks.
    const id =
      (await bundleIdOf(trx, request)) ?? (await insertBundle(trx, ctx.now(), request, bundle, zip.length));
    await associate(trx, request, { id, bundle });
    await trx
      .deleteFrom('file_chunks')
      .where('organization_id', '=', request.organizationId)
      .where('checksum', 'in', request.chunks)
      .execute();
    await remember(trx, ctx.now(), request, 'ok', null);
  });
  return { state: 'ok', missingChunks: [], detail: null };
}

async function missingChunks(ctx: ApiContext, request: AssembleRequest): Promise<string[]> {
  const wanted = [...new Set(request.chunks)];
  if (wanted.length === 0) return [];
  const present = await ctx.db
    .selectFrom('file_chunks')
    .select('checksum')
    .where('organization_id', '=', request.organizationId)
    .where('checksum', 'in', wanted)
    .execute();
  const held = new Set(present.map((row) => row.checksum));
  return wanted.filter((checksum) => !held.has(checksum));
}

async function joinChunks(ctx: ApiContext, request: AssembleRequest): Promise<Buffer> {
  if (request.chunks.length === 0) throw new BundleError('the assemble names no chunks');
  const sizes = await ctx.db
    .selectFrom('file_chunks')
    .select(['checksum', 'size'])
    .where('organization_id', '=', request.organizationId)
    .where('checksum', 'in', [...new Set(request.chunks)])
    .execute();
  const sizeOf = new Map(sizes.map((row) => [row.checksum, row.size]));
  const total = request.chunks.reduce((sum, checksum) => sum + (sizeOf.get(checksum) ?? 0), 0);
  if (total > ARTIFACT_LIMITS.maxFileSize)
    throw new BundleError(`bundle is ${total} bytes; the limit is ${ARTIFACT_LIMITS.maxFileSize}`);
  const parts: Buffer[] = [];
  for (const checksum of request.chunks) {
    const row = await ctx.db
      .selectFrom('file_chunks')
      .select('data')
      .where('organization_id', '=', request.organizationId)
      .where('checksum', '=', checksum)
      .executeTakeFirst();
    if (!row) throw new BundleError(`chunk ${checksum} disappeared while assembling`);
    parts.push(Buffer.from(row.data));
  }
  const zip = Buffer.concat(parts);
  const actual = createHash('sha1').update(zip).digest('hex');
  if (actual !== request.checksum)
    throw new BundleError(`the chunks join to SHA-1 ${actual}, not the checksum ${request.checksum}`);
  return zip;
}

async function insertBundle(
  trx: Transaction<StoreDatabase>,
  now: number,
  request: AssembleRequest,
  bundle: Bundle,
  size: number,
): Promise<number> {
  const { id } = await trx
    .insertInto('artifact_bundles')
    .values({
      organization_id: request.organizationId,
      checksum: request.checksum,
      bundle_id: bundle.bundleId,
      file_count: bundle.files.length,
      size,
      date_created: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < bundle.files.length; i += FILE_ROWS_PER_INSERT) {
    const rows = bundle.files.slice(i, i + FILE_ROWS_PER_INSERT).map((file) => ({
      artifact_bundle_id: id,
      url: file.url,
      type: file.type,
      debug_id: file.debugId,
      sourcemap: file.sourcemap,
      headers: JSON.stringify(file.headers),
      content: file.content,
      size: file.content.length,
      sha1: file.sha1,
    }));
    await trx.insertInto('artifact_bundle_files').values(rows).execute();
  }
  return id;
}

/** Links the bundle to the request's projects and release; `fresh` when it was just inserted. */
async function associate(
  trx: Transaction<StoreDatabase>,
  request: AssembleRequest,
  fresh: { id: number; bundle: Bundle } | null,
) {
  const id = fresh?.id ?? (await bundleIdOf(trx, request));
  if (id === undefined) return;
  if (request.projectIds.length > 0) {
    await trx
      .insertInto('artifact_bundle_projects')
      .values(request.projectIds.map((project_id) => ({ project_id, artifact_bundle_id: id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    // Ingest caches which projects have bundles (`ingest/sourcemaps/source-map-lookup.ts`).
    bundlesLinked();
  }
  // The request's release wins over the manifest's (sentry-cli writes the same into both).
  const release = request.version ?? fresh?.bundle.release ?? null;
  if (release === null) return;
  const dist = request.version !== null ? request.dist : (fresh?.bundle.dist ?? null);
  await trx
    .insertInto('artifact_bundle_releases')
    .values({ organization_id: request.organizationId, release, dist: dist ?? '', artifact_bundle_id: id })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

async function bundleIdOf(trx: Transaction<StoreDatabase>, request: AssembleRequest) {
  const row = await trx
    .selectFrom('artifact_bundles')
    .select('id')
    .where('organization_id', '=', request.organizationId)
    .where('checksum', '=', request.checksum)
    .executeTakeFirst();
  return row?.id;
}

async function remember(
  db: Kysely<StoreDatabase>,
  now: number,
  request: AssembleRequest,
  state: 'ok' | 'error',
  detail: string | null,
) {
  const values = { state, detail, date_updated: now };
  await db
    .insertInto('artifact_bundle_assemblies')
    .values({ organization_id: request.organizationId, checksum: request.checksum, ...values })
    .onConflict((oc) => oc.columns(['organization_id', 'checksum']).doUpdateSet(values))
    .execute();
}
