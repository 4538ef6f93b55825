/**
 * Reading bundles safely: sizes declared by the zip are checked before anything is inflated, and
 * an entry that lies about its size comes out cut at the declared size, never larger.
 */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sha1Hex, zipBundle } from '../../testing/artifact-bundles';
import { ARTIFACT_LIMITS } from './artifact-limits';
import { BundleError, readBundle } from './bundle-archive';

const MiB = 1024 * 1024;
const limits = { ...ARTIFACT_LIMITS, maxInflatedFile: MiB, maxInflatedBundle: 2 * MiB, maxBundleFiles: 3 };
const manifest = (files: Record<string, unknown>) => strToU8(JSON.stringify({ files }));

describe('readBundle', () => {
  it('reads the manifest: URL, type, lower-cased headers, debug ID and sourcemap reference', () => {
    const zip = zipBundle(
      [
        {
          url: '~/app.min.js',
          type: 'minified_source',
          content: 'x()',
          headers: { 'Debug-Id': '5F1C2B9E7A3D4C1E9B2A0D4E6F8A1B3C', Sourcemap: 'app.min.js.map' },
        },
      ],
      { release: 'r@1', dist: 'web', debug_id: 'not-a-uuid' },
    );
    const bundle = readBundle(zip, limits);
    expect(bundle).toMatchObject({ release: 'r@1', dist: 'web', bundleId: null });
    expect(bundle.files).toEqual([
      expect.objectContaining({
        url: '~/app.min.js',
        type: 'minified_source',
        debugId: '5f1c2b9e-7a3d-4c1e-9b2a-0d4e6f8a1b3c',
        sourcemap: 'app.min.js.map',
        sha1: sha1Hex('x()'),
      }),
    ]);
  });

  it('refuses an entry that declares more than the per-file limit before inflating it', () => {
    const zip = zipSync({
      'manifest.json': manifest({}),
      'files/_/_/bomb.js': new Uint8Array(2 * MiB),
    });
    expect(zip.length).toBeLessThan(16 * 1024);
    expect(() => readBundle(zip, limits)).toThrow(
      new BundleError(`files/_/_/bomb.js inflates to ${2 * MiB} bytes; the limit is ${MiB}`),
    );
  });

  it('refuses a bundle whose entries together declare more than the bundle limit', () => {
    const zip = zipSync({
      'manifest.json': manifest({}),
      'files/a': new Uint8Array(MiB),
      'files/b': new Uint8Array(MiB),
    });
    expect(() => readBundle(zip, limits)).toThrow(/bundle inflates to more than 2097152 bytes/);
  });

  it('refuses more files than the limit', () => {
    const zip = zipSync({ 'manifest.json': manifest({}), a: strToU8('a'), b: strToU8('b'), c: strToU8('c') });
    expect(() => readBundle(zip, limits)).toThrow('bundle holds more than 3 files');
  });

  it('cuts an entry that inflates past the size it declared', () => {
    const zip = zipSync({
      'manifest.json': manifest({ 'files/big': { url: '~/big.js', type: 'source' } }),
      'files/big': new Uint8Array(4 * MiB),
    });
    // Rewrite the central directory's uncompressed size of `files/big` to 10 bytes.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let at = 0; at < zip.length - 46; at++) {
      if (view.getUint32(at, true) !== 0x02014b50) continue;
      const nameLength = view.getUint16(at + 28, true);
      const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
      if (name === 'files/big') view.setUint32(at + 24, 10, true);
    }
    const [file] = readBundle(zip, limits).files;
    expect(file!.content.length).toBe(10);
  });

  it('names what is wrong with a broken bundle', () => {
    expect(() => readBundle(strToU8('PK nonsense'), limits)).toThrow(/not a readable zip archive/);
    expect(() => readBundle(zipSync({ 'manifest.json': strToU8('{') }), limits)).toThrow(
      'manifest.json is not valid JSON',
    );
    expect(() =>
      readBundle(zipSync({ 'manifest.json': manifest({ 'files/x': { url: '~/x.js' } }) }), limits),
    ).toThrow('manifest names files/x, which the bundle does not hold');
    expect(() =>
      readBundle(zipSync({ 'manifest.json': manifest({ 'files/x': {} }), 'files/x': strToU8('x') }), limits),
    ).toThrow('manifest entry files/x has no "url"');
  });
});
