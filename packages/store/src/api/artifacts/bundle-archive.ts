/**
 * Reads an artifact bundle as sentry-cli builds it (`src/utils/source_bundle.rs`): a zip of
 * `manifest.json` plus `files/<scheme>/<host>/<path>`, the manifest naming each file's URL, type
 * and headers (`debug-id`, `sourcemap`). Pure: bytes in, files out, or a BundleError whose detail
 * the assemble answer shows.
 *
 * Zip bombs: fflate inflates each entry into a buffer of the size its central directory declares
 * and never grows it, so checking the declared sizes against the limits before inflating bounds
 * memory, whatever the entries really hold (a lying entry comes out cut, not larger).
 */
import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { normalizeDebugId } from '../../ingest/sourcemaps/debug-id';
import { ARTIFACT_LIMITS } from './artifact-limits';

export class BundleError extends Error {}

export interface BundleFile {
  /** Path inside the zip. */
  path: string;
  url: string;
  type: string;
  debugId: string | null;
  sourcemap: string | null;
  /** Every header of the manifest entry, keys lower-cased. */
  headers: Record<string, string>;
  content: Uint8Array;
  sha1: string;
}

export interface Bundle {
  /** The manifest's `debug_id`: the bundle's own id. */
  bundleId: string | null;
  release: string | null;
  dist: string | null;
  files: BundleFile[];
}

export type BundleLimits = Record<
  'maxBundleFiles' | 'maxInflatedFile' | 'maxInflatedBundle' | 'maxManifest',
  number
>;

export function readBundle(zip: Uint8Array, limits: BundleLimits = ARTIFACT_LIMITS): Bundle {
  const entries = unzipEntries(zip, limits);
  const manifestBytes = entries['manifest.json'];
  if (!manifestBytes) throw new BundleError('bundle has no manifest.json');
  const manifest = parseManifest(manifestBytes);
  const files: BundleFile[] = [];
  for (const [path, raw] of Object.entries(manifest.files)) {
    const content = entries[path];
    if (!content) throw new BundleError(`manifest names ${path}, which the bundle does not hold`);
    files.push(bundleFile(path, raw, content));
  }
  return {
    bundleId: normalizeDebugId(manifest.debug_id),
    release: typeof manifest.release === 'string' ? manifest.release : null,
    dist: typeof manifest.dist === 'string' ? manifest.dist : null,
    files,
  };
}

function unzipEntries(zip: Uint8Array, limits: BundleLimits): Record<string, Uint8Array> {
  let count = 0;
  let inflated = 0;
  try {
    return unzipSync(zip, {
      filter(file) {
        if (file.name.endsWith('/')) return false;
        count += 1;
        inflated += file.originalSize;
        const max = file.name === 'manifest.json' ? limits.maxManifest : limits.maxInflatedFile;
        if (count > limits.maxBundleFiles)
          throw new BundleError(`bundle holds more than ${limits.maxBundleFiles} files`);
        if (file.originalSize > max)
          throw new BundleError(`${file.name} inflates to ${file.originalSize} bytes; the limit is ${max}`);
        if (inflated > limits.maxInflatedBundle)
          throw new BundleError(`bundle inflates to more than ${limits.maxInflatedBundle} bytes`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError(`bundle is not a readable zip archive (${(error as Error).message})`);
  }
}

interface Manifest {
  files: Record<string, unknown>;
  debug_id?: unknown;
  release?: unknown;
  dist?: unknown;
}

function parseManifest(bytes: Uint8Array): Manifest {
  let manifest: unknown;
  try {
    manifest = JSON.parse(strFromU8(bytes));
  } catch {
    throw new BundleError('manifest.json is not valid JSON');
  }
  const files = (manifest as { files?: unknown } | null)?.files;
  if (typeof manifest !== 'object' || manifest === null || typeof files !== 'object' || files === null)
    throw new BundleError('manifest.json has no "files" object');
  return manifest as Manifest;
}

function bundleFile(path: string, raw: unknown, content: Uint8Array): BundleFile {
  const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof entry.url !== 'string' || entry.url === '')
    throw new BundleError(`manifest entry ${path} has no "url"`);
  const headers: Record<string, string> = {};
  if (typeof entry.headers === 'object' && entry.headers !== null) {
    for (const [key, value] of Object.entries(entry.headers)) {
      if (typeof value === 'string') headers[key.toLowerCase()] = value;
    }
  }
  return {
    path,
    url: entry.url,
    type: typeof entry.type === 'string' ? entry.type : 'source',
    debugId: normalizeDebugId(headers['debug-id']),
    sourcemap: headers.sourcemap ?? headers['x-sourcemap'] ?? null,
    headers,
    content,
    sha1: createHash('sha1').update(content).digest('hex'),
  };
}
