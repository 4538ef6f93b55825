/**
 * Dev: Vite serves the app and proxies /api to the Dexter server (DEXTER_PORT, default 3000).
 * Build: dist/, which the server serves with an SPA fallback. Vendor code is split by how often it
 * changes and what the first page needs (below). Pages other than the stream and the release list
 * load on first visit (app/router.tsx).
 *
 * Two build steps of Dexter's own:
 * - the page's boot script (`app/boot-requests.ts`) goes inline into `index.html`, ahead of the
 *   bundles, so the first reads run while they load; it carries the CSP nonce placeholder the
 *   server fills in per answer (web-app.ts);
 * - every text asset is also written precompressed (`.br`, `.gz`), so the server sends them without
 *   compressing per request (`@fastify/static`'s `preCompressed`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { bootScript } from './src/app/boot-requests';

const serverPort = process.env.DEXTER_PORT ?? '3000';
/** index.html's nonce placeholder (the server's CSP_NONCE_PLACEHOLDER). */
const CSP_NONCE_PLACEHOLDER = '__DEXTER_CSP_NONCE__';

/**
 * What the first page needs comes in two files, whatever page it is: `vendor` (React, router,
 * Mantine, TanStack, zod: changes with dependency updates) and `app` (Dexter's code: changes with
 * every release). Fewer, larger files matter on HTTP/1.1, where a browser opens six connections
 * per host and the page's first API reads queue behind its scripts. Code only lazy pages use
 * (ECharts, the maps, the detail page) stays in their own chunks.
 */
const firstLoadGroups = [
  { name: 'vendor', test: /node_modules/, tags: ['$initial' as const], priority: 2 },
  { name: 'app', test: /[\\/]src[\\/]/, tags: ['$initial' as const], priority: 1 },
];

function inlineBootScript(): Plugin {
  return {
    name: 'dexter-inline-boot-script',
    // After the title: ahead of the stylesheets (an inline script waits for those above it), and
    // after the charset declaration, which must come in the first 1,024 bytes.
    transformIndexHtml: (html) =>
      html.replace(
        '</title>',
        `</title>\n    <script nonce="${CSP_NONCE_PLACEHOLDER}">${bootScript()}</script>`,
      ),
  };
}

/** Below this a compressed copy saves less than a packet. */
const MIN_COMPRESS_BYTES = 1024;
const COMPRESSIBLE = /\.(js|css|svg|json|txt|map)$/;

function precompressAssets(): Plugin {
  let outDir = '';
  return {
    name: 'dexter-precompress-assets',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle(_options, bundle) {
      for (const fileName of Object.keys(bundle)) {
        if (!COMPRESSIBLE.test(fileName)) continue;
        const path = join(outDir, fileName);
        const raw = readFileSync(path);
        if (raw.length < MIN_COMPRESS_BYTES) continue;
        writeFileSync(
          `${path}.br`,
          brotliCompressSync(raw, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            },
          }),
        );
        writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), inlineBootScript(), precompressAssets()],
  server: {
    // ws: the live-updates WebSocket (/api/v1/live) goes through the same proxy.
    proxy: { '/api': { target: `http://127.0.0.1:${serverPort}`, changeOrigin: false, ws: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // One stylesheet for every page (Mantine's and Dexter's, 40 kB as brotli): one request less on
    // the first load, where it waits beside the scripts for one of HTTP/1.1's six connections.
    cssCodeSplit: false,
    rolldownOptions: { output: { codeSplitting: { groups: firstLoadGroups } } },
  },
});
