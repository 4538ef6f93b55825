/**
 * Builds the server for `npm start`: one ES module, `apps/server/dist/main.mjs`, from
 * `apps/server/src/main.ts` and the workspace packages it imports (TypeScript, so bundled), with
 * every npm package left as an import that Node resolves from `node_modules` as usual.
 *
 * Why not run the sources through tsx, as `npm run dev` does: tsx's loader hooks live in a thread
 * of their own with its own V8 heap, some 40 MB beside the server for as long as it runs.
 *
 * `import.meta.url` is replaced, file by file, with the URL of the source file it is written in,
 * so every path the code finds relative to itself (the operation table, the ingest worker's
 * source, the demo program) is the same as when the sources run directly.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `node scripts/build-server.mjs [outfile]`: the bundle test builds into a temporary file.
const outfile = process.argv[2] ?? join(root, 'apps/server/dist/main.mjs');

const keepSourceLocations = {
  name: 'dexter-source-locations',
  setup(context) {
    // npm packages stay imports; Dexter's own workspace packages are TypeScript and get bundled.
    context.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@dexter/') || args.path.startsWith('node:') ? undefined : { external: true },
    );
    context.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const here = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: source.replaceAll('import.meta.url', here), loader: 'ts' };
    });
  },
};

await build({
  entryPoints: [join(root, 'apps/server/src/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [keepSourceLocations],
});
process.stdout.write(`built ${outfile}\n`);
