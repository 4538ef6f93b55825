/**
 * Test helpers: artifact bundles built as sentry-cli builds them (a zip of `manifest.json` and
 * `files/…`) and uploaded as it uploads them (assemble, the missing chunks, assemble again).
 */
import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';

/** What the helpers need of a store: its `/api/0` with a token, its organization and a project. */
export interface StoreApi {
  org: string;
  projectId: string;
  api(path: string, init?: RequestInit): Promise<Response>;
}

export interface TestBundleFile {
  url: string;
  type: 'minified_source' | 'source_map' | 'source';
  content: string;
  headers?: Record<string, string>;
}

export const sha1Hex = (bytes: Uint8Array | string) => createHash('sha1').update(bytes).digest('hex');

export function zipBundle(files: TestBundleFile[], manifest: Record<string, unknown> = {}): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  const listed: Record<string, unknown> = {};
  for (const [i, file] of files.entries()) {
    const path = `files/_/_/${i}-${file.url.replace(/^~\//, '').replace(/[^\w.-]/g, '_')}`;
    entries[path] = strToU8(file.content);
    listed[path] = { url: file.url, type: file.type, headers: file.headers ?? {} };
  }
  entries['manifest.json'] = strToU8(JSON.stringify({ files: listed, org: 'o', ...manifest }));
  return zipSync(entries);
}

export function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

export interface ChunkPartInit {
  field?: string;
  filename: string;
  bytes: Uint8Array;
}

export function postChunks(server: StoreApi, parts: ChunkPartInit[], headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const part of parts)
    form.append(part.field ?? 'file', new Blob([Buffer.from(part.bytes)]), part.filename);
  return server.api(`/api/0/organizations/${server.org}/chunk-upload/`, {
    method: 'POST',
    body: form,
    headers,
  });
}

export interface AssembleAnswer {
  state: string;
  missingChunks: string[];
  detail: string | null;
}

export async function assemble(server: StoreApi, body: Record<string, unknown>) {
  const res = await server.api(`/api/0/organizations/${server.org}/artifactbundle/assemble/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as AssembleAnswer & { error?: string } };
}

/** The whole sentry-cli flow for one bundle; the last assemble's answer. */
export async function uploadBundle(
  server: StoreApi,
  zip: Uint8Array,
  options: { projects?: string[]; version?: string; dist?: string; chunkSize?: number } = {},
) {
  const chunks = chunksOf(zip, options.chunkSize ?? 8 * 1024 * 1024);
  const body = {
    checksum: sha1Hex(zip),
    chunks: chunks.map(sha1Hex),
    projects: options.projects ?? [server.projectId],
    ...(options.version ? { version: options.version } : {}),
    ...(options.dist ? { dist: options.dist } : {}),
  };
  const first = await assemble(server, body);
  const missing = new Set(first.body.missingChunks);
  const parts = chunks
    .filter((chunk) => missing.has(sha1Hex(chunk)))
    .map((bytes) => ({ filename: sha1Hex(bytes), bytes }));
  if (parts.length > 0) {
    const res = await postChunks(server, parts);
    if (res.status !== 200) throw new Error(`chunk upload answered ${res.status}: ${await res.text()}`);
  }
  return assemble(server, body);
}
