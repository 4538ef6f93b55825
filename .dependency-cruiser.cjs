/**
 * Dexter's module boundaries (docs: DESIGN.md "Layout", "Feature modules and the change feed").
 * Checked by `npm run lint:deps` (part of `npm test`) and proven to bite by scripts/boundaries.test.ts.
 *
 * Paths in rules are relative to the repository root. Type-only imports count like any other import:
 * a type import still couples two modules' sources, and a cycle through types is a cycle a reader has
 * to untangle all the same.
 */

/** Tests and the code that only tests run: may reach test-only entries (`@dexter/store/testing`). */
const TEST_CODE = ['\\.(test|e2e)\\.tsx?$', '(^|/)testing/', '^e2e/', '^bench/'];

/** Packages that stay pure: no Node, no I/O, no other workspace package. */
const PURE_PACKAGES = '^packages/(grouping|search-syntax|change-feed)/';

/** A package's command-line entry points (grouping's eval and fit commands) may read files. */
const PACKAGE_CLI = '^packages/[^/]+/src/.+-cli\\.ts$';

/**
 * Known violations: imports that break a rule today, while the refactor to feature modules moves
 * code. Each row is one import, [rule, from, to], with paths as dependency-cruiser prints them; it is
 * reported as ignored instead of failing the run. The list only shrinks:
 * `npm run lint:deps` and scripts/boundaries.test.ts fail when a row no longer matches a real import,
 * so the change that fixes an import also deletes its row. Target: empty.
 */
const knownViolations = [].map(([rule, from, to]) => ({
  type: 'dependency',
  rule: { name: rule, severity: 'error' },
  from,
  to,
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'A cycle makes modules load in an order that depends on who imports first, and makes neither ' +
        'side changeable alone. Break it with a port or by moving the shared piece down.',
      severity: 'error',
      from: { path: '^(apps|packages)/' },
      to: { circular: true },
    },
    {
      name: 'packages-not-to-apps',
      comment:
        'Dependencies point one way, apps -> packages: a package that knows an app cannot be reused or tested alone.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'web-not-to-server',
      comment:
        'The browser bundle must never pull server code (secrets, Node APIs); it talks to the server over HTTP only.',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^apps/server/' },
    },
    {
      name: 'web-only-contracts-and-search-syntax',
      comment:
        'The web app shares only the wire contracts and the search parser with the server; anything ' +
        'else it needs comes over the API, so no server-side package ends up in the bundle.',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^packages/', pathNot: '^packages/(contracts|search-syntax)/' },
    },
    {
      name: 'pure-packages-no-workspace-packages',
      comment:
        'grouping, search-syntax and change-feed are leaves: the browser, the store and the gateway all ' +
        'consume them, which only stays cheap if they depend on no other workspace package.',
      severity: 'error',
      from: { path: PURE_PACKAGES },
      to: { path: '^packages/', pathNot: '^packages/$1/' },
    },
    {
      name: 'pure-packages-no-node',
      comment:
        'The pure packages run in the browser and in workers too: no Node built-ins. Their tests and a ' +
        "package's command-line entry (grouping's eval and fit commands) may read files.",
      severity: 'error',
      from: { path: PURE_PACKAGES, pathNot: [...TEST_CODE, PACKAGE_CLI] },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'pure-packages-not-to-cli',
      comment: 'The engine must not import its own command-line entries, or their file I/O comes with it.',
      severity: 'error',
      from: { path: PURE_PACKAGES, pathNot: [...TEST_CODE, PACKAGE_CLI] },
      to: { path: PACKAGE_CLI },
    },
    {
      name: 'grouping-self-contained',
      comment:
        'The similarity engine is pure computation over its own types: no npm package either, so what ' +
        'it computes and what that costs can be read in this folder alone. Tests may use vitest.',
      severity: 'error',
      from: { path: '^packages/grouping/', pathNot: TEST_CODE },
      to: { pathNot: '^packages/grouping/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'workspace-package-only-through-entry',
      comment:
        'A package exposes one small entry (`@dexter/<name>` = packages/<name>/src/index.ts) and keeps the ' +
        'rest private, so its insides can change without touching callers. `@dexter/store/testing` is the ' +
        'one second entry. This also covers apps/ importing any store path other than those two.',
      severity: 'error',
      from: { path: '^(apps/[^/]+|packages/[^/]+|e2e|bench|scripts)/' },
      to: {
        path: '^packages/[^/]+/',
        pathNot: ['^$1/', '^packages/[^/]+/src/index\\.ts$', '^packages/store/src/testing/index\\.ts$'],
      },
    },
    {
      name: 'store-testing-only-from-tests',
      comment:
        '`@dexter/store/testing` seeds data and spawns SDK senders: test code only, never shipped code.',
      severity: 'error',
      from: { path: '^(apps|packages|e2e|bench|scripts)/', pathNot: TEST_CODE },
      to: { path: '^packages/store/src/testing/' },
    },
    {
      name: 'no-relative-import-into-other-package',
      comment:
        "A relative path into another package's folder bypasses its package name (and so its entry and " +
        'its package.json): import `@dexter/<name>` instead.',
      severity: 'error',
      from: { path: '^(apps/[^/]+|packages/[^/]+|e2e|bench|scripts)/' },
      to: {
        path: '^packages/[^/]+/',
        pathNot: '^$1/',
        dependencyTypes: ['local'],
        dependencyTypesNot: ['aliased'],
      },
    },
    {
      name: 'server-feature-isolation',
      comment:
        'A feature folder imports only itself and the platform (apps/server/src outside features/). ' +
        'Features talk through the platform: the change feed, ports and the module list in ' +
        'start-dexter.ts, so each can be added, removed or tested alone.',
      severity: 'error',
      from: { path: '^apps/server/src/features/([^/]+)/' },
      to: { path: '^apps/server/src/features/', pathNot: '^apps/server/src/features/$1/' },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'An import that cannot be resolved is one no rule above can check (and one the build will miss).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports are kept and count (see the header). This needs dependency-cruiser's TypeScript
    // parser, the compiler API of typescript <7; scripts/dependency-boundaries.ts refuses to run without it.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.data|test-artifacts)/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    knownViolations,
  },
};
