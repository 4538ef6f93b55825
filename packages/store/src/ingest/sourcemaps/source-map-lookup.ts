/**
 * Which uploaded source map belongs to a frame's script (the lookup order of docs/source-maps.md):
 * 1. by debug ID: the event's `debug_meta` names the script's debug ID; the `source_map` file of
 *    a bundle of the event's project with that `debug-id` header is its map;
 * 2. by release, dist and URL: the script's file among the bundles uploaded for the event's
 *    release and dist (`url-candidates.ts`), then its map: the bundle's `source_map` with the
 *    same debug ID, else the one its `sourcemap` header (or `//# sourceMappingURL=` comment) names.
 * Newer bundles win over older ones. Reads only; every query is an index seek.
 */
import { type Kysely, sql } from 'kysely';
import type { StoreDatabase } from '../../db/schema';
import { urlCandidates } from './url-candidates';

export interface LookupScope {
  projectId: number;
  organizationId: number;
  release: string | null;
  dist: string | null;
}

interface FileRow {
  id: number;
  url: string;
  type: string;
  debug_id: string | null;
  sourcemap: string | null;
  artifact_bundle_id: number;
}

/** Where a `//# sourceMappingURL=` comment sits: the end of the script. */
const SOURCE_MAPPING_TAIL_BYTES = 4096;

/**
 * Bumped whenever a bundle is linked to projects (`api/artifacts/assemble-bundle.ts`): every
 * lookup's cached answers to `organizationWithBundles` are then asked again. Links are never
 * removed, so nothing else makes an answer stale.
 */
let bundleLinks = 0;

export function bundlesLinked(): void {
  bundleLinks += 1;
}

export function createSourceMapLookup(db: Kysely<StoreDatabase>) {
  // Asked for every JavaScript event: without the cache, a query per event on the main thread.
  const organizations = new Map<number, number | null>();
  let cachedAt = bundleLinks;

  return {
    /** The project's organization when the project has any bundle; null spares every other query. */
    async organizationWithBundles(projectId: number): Promise<number | null> {
      if (cachedAt !== bundleLinks) {
        organizations.clear();
        cachedAt = bundleLinks;
      }
      const cached = organizations.get(projectId);
      if (cached !== undefined) return cached;
      const askedAt = bundleLinks;
      const organizationId = await queryOrganizationWithBundles(projectId);
      if (askedAt === bundleLinks) organizations.set(projectId, organizationId);
      return organizationId;
    },

    async mapByDebugId(projectId: number, debugId: string): Promise<number | null> {
      const row = await db
        .selectFrom('artifact_bundle_files as f')
        .innerJoin('artifact_bundle_projects as p', 'p.artifact_bundle_id', 'f.artifact_bundle_id')
        .select('f.id')
        .where('f.debug_id', '=', debugId)
        .where('f.type', '=', 'source_map')
        .where('p.project_id', '=', projectId)
        .orderBy('f.id', 'desc')
        .executeTakeFirst();
      return row?.id ?? null;
    },

    async mapByUrl(scope: LookupScope, frameUrl: string): Promise<number | null> {
      if (scope.release === null) return null;
      const candidates = urlCandidates(frameUrl);
      const rows = await db
        .selectFrom('artifact_bundle_files as f')
        .innerJoin('artifact_bundle_releases as r', 'r.artifact_bundle_id', 'f.artifact_bundle_id')
        .innerJoin('artifact_bundle_projects as p', 'p.artifact_bundle_id', 'f.artifact_bundle_id')
        .select(['f.id', 'f.url', 'f.type', 'f.debug_id', 'f.sourcemap', 'f.artifact_bundle_id'])
        .where('r.organization_id', '=', scope.organizationId)
        .where('r.release', '=', scope.release)
        .where('r.dist', '=', scope.dist ?? '')
        .where('p.project_id', '=', scope.projectId)
        .where('f.url', 'in', candidates)
        .orderBy('f.artifact_bundle_id', 'desc')
        .execute();
      const best = rows.sort((a, b) => candidates.indexOf(a.url) - candidates.indexOf(b.url))[0];
      if (!best) return null;
      return best.type === 'source_map' ? best.id : mapOfScript(best);
    },

    async content(fileId: number): Promise<Uint8Array | null> {
      const row = await db
        .selectFrom('artifact_bundle_files')
        .select('content')
        .where('id', '=', fileId)
        .executeTakeFirst();
      return row?.content ?? null;
    },
  };

  async function queryOrganizationWithBundles(projectId: number): Promise<number | null> {
    const row = await db
      .selectFrom('projects')
      .select('organization_id')
      .where('id', '=', projectId)
      .where((eb) =>
        eb.exists(
          eb.selectFrom('artifact_bundle_projects').select('project_id').where('project_id', '=', projectId),
        ),
      )
      .executeTakeFirst();
    return row?.organization_id ?? null;
  }

  async function mapOfScript(script: FileRow): Promise<number | null> {
    const inBundle = db
      .selectFrom('artifact_bundle_files')
      .select('id')
      .where('artifact_bundle_id', '=', script.artifact_bundle_id)
      .where('type', '=', 'source_map');
    if (script.debug_id !== null) {
      const row = await inBundle.where('debug_id', '=', script.debug_id).executeTakeFirst();
      if (row) return row.id;
    }
    const reference = script.sourcemap ?? (await sourceMappingComment(script.id));
    if (reference === null || reference.startsWith('data:')) return null;
    const row = await inBundle.where('url', '=', resolveReference(script.url, reference)).executeTakeFirst();
    return row?.id ?? null;
  }

  async function sourceMappingComment(fileId: number): Promise<string | null> {
    const row = await db
      .selectFrom('artifact_bundle_files')
      .select(sql<Uint8Array>`substr(content, ${-SOURCE_MAPPING_TAIL_BYTES})`.as('tail'))
      .where('id', '=', fileId)
      .executeTakeFirst();
    if (!row) return null;
    const tail = Buffer.from(row.tail).toString('utf8');
    return /\/\/[#@]\s*sourceMappingURL=(\S+)\s*$/.exec(tail)?.[1] ?? null;
  }
}

/** A map reference relative to its script's URL (`~/static/app.min.js` + `app.min.js.map`). */
export function resolveReference(scriptUrl: string, reference: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference) || reference.startsWith('~/')) return reference;
  const base = scriptUrl.startsWith('~/') ? `http://tilde${scriptUrl.slice(1)}` : scriptUrl;
  try {
    const resolved = new URL(reference, base).href;
    return scriptUrl.startsWith('~/') ? `~${resolved.slice('http://tilde'.length)}` : resolved;
  } catch {
    return reference;
  }
}

export type SourceMapLookup = ReturnType<typeof createSourceMapLookup>;
