/**
 * The boundary rules of .dependency-cruiser.cjs bite: each probe below is a deliberately wrong import,
 * written into a throwaway copy of the repository layout under the system temp folder (the rules
 * match paths relative to the cruise's base folder, so they apply there as they do here), and must be
 * reported as an error of the rule named beside it. Allowed imports beside them must pass, and so
 * must the real tree. Nothing is written into the repository.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ICruiseResult } from 'dependency-cruiser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boundaryOptions,
  cruiseBoundaries,
  errorReport,
  staleKnownViolations,
} from './dependency-boundaries';

/** A file of the throwaway layout; `imports` are written as `import` statements, `type` ones as `import type`. */
type ProbeFile = { path: string; imports?: string[]; typeImports?: string[] };

const layout: ProbeFile[] = [
  { path: 'apps/server/src/platform.ts', imports: ['@dexter/store'] },
  { path: 'apps/server/src/features/alpha/alpha-routes.ts', imports: ['../../platform', './alpha-service'] },
  { path: 'apps/server/src/features/alpha/alpha-service.ts', imports: ['../beta/beta-service'] },
  {
    path: 'apps/server/src/features/alpha/alpha-db.ts',
    imports: ['../../../../../packages/store/src/db/database'],
  },
  { path: 'apps/server/src/features/alpha/alpha-seed.ts', imports: ['@dexter/store/testing'] },
  {
    path: 'apps/server/src/features/alpha/alpha.test.ts',
    imports: ['@dexter/store/testing', './alpha-routes'],
  },
  { path: 'apps/server/src/features/beta/beta-service.ts', imports: ['../../platform'] },
  { path: 'apps/web/src/uses-server.ts', imports: ['../../server/src/platform'] },
  { path: 'apps/web/src/uses-contracts.ts', imports: ['@dexter/contracts'] },
  { path: 'apps/web/src/uses-store.ts', imports: ['@dexter/store'] },
  { path: 'packages/probe/src/uses-server.ts', imports: ['../../../apps/server/src/platform'] },
  { path: 'packages/probe/src/cycle-a.ts', imports: ['./cycle-b'] },
  { path: 'packages/probe/src/cycle-b.ts', imports: ['./cycle-a'] },
  { path: 'packages/probe/src/types-a.ts', typeImports: ['./types-b'] },
  { path: 'packages/probe/src/types-b.ts', typeImports: ['./types-a'] },
  { path: 'packages/grouping/src/reads-files.ts', imports: ['node:fs'] },
  { path: 'packages/grouping/src/uses-contracts.ts', imports: ['@dexter/contracts'] },
  { path: 'packages/grouping/src/uses-npm.ts', imports: ['zod'] },
  { path: 'packages/grouping/src/engine.ts', imports: ['./eval/eval-cli'] },
  { path: 'packages/grouping/src/eval/eval-cli.ts', imports: ['node:fs'] },
  { path: 'packages/grouping/src/missing.ts', imports: ['./not-there'] },
  { path: 'packages/store/src/index.ts' },
  { path: 'packages/store/src/db/database.ts' },
  { path: 'packages/store/src/testing/index.ts', imports: ['../index'] },
  { path: 'packages/contracts/src/index.ts' },
];

/** Each wrong import and the rule that must report it. */
const wrongImports = [
  {
    rule: 'packages-not-to-apps',
    from: 'packages/probe/src/uses-server.ts',
    to: 'apps/server/src/platform.ts',
  },
  {
    rule: 'server-feature-isolation',
    from: 'apps/server/src/features/alpha/alpha-service.ts',
    to: 'apps/server/src/features/beta/beta-service.ts',
  },
  {
    rule: 'workspace-package-only-through-entry',
    from: 'apps/server/src/features/alpha/alpha-db.ts',
    to: 'packages/store/src/db/database.ts',
  },
  {
    rule: 'no-relative-import-into-other-package',
    from: 'apps/server/src/features/alpha/alpha-db.ts',
    to: 'packages/store/src/db/database.ts',
  },
  {
    rule: 'store-testing-only-from-tests',
    from: 'apps/server/src/features/alpha/alpha-seed.ts',
    to: 'packages/store/src/testing/index.ts',
  },
  // dependency-cruiser reports a cycle once, at the edge from its alphabetically first module.
  { rule: 'no-circular', from: 'packages/probe/src/cycle-a.ts', to: 'packages/probe/src/cycle-b.ts' },
  // A cycle of `import type` only: type-only imports count.
  { rule: 'no-circular', from: 'packages/probe/src/types-a.ts', to: 'packages/probe/src/types-b.ts' },
  { rule: 'web-not-to-server', from: 'apps/web/src/uses-server.ts', to: 'apps/server/src/platform.ts' },
  { rule: 'pure-packages-no-node', from: 'packages/grouping/src/reads-files.ts', to: 'fs' },
  {
    rule: 'web-only-contracts-and-search-syntax',
    from: 'apps/web/src/uses-store.ts',
    to: 'packages/store/src/index.ts',
  },
  {
    rule: 'pure-packages-no-workspace-packages',
    from: 'packages/grouping/src/uses-contracts.ts',
    to: 'packages/contracts/src/index.ts',
  },
  { rule: 'grouping-self-contained', from: 'packages/grouping/src/uses-npm.ts', to: 'zod' },
  {
    rule: 'pure-packages-not-to-cli',
    from: 'packages/grouping/src/engine.ts',
    to: 'packages/grouping/src/eval/eval-cli.ts',
  },
  { rule: 'not-to-unresolvable', from: 'packages/grouping/src/missing.ts', to: './not-there' },
];

/** Files whose every import is allowed: a feature to the platform and itself, entries, the test entry from a test. */
const allowedImporters = [
  'apps/server/src/platform.ts',
  'apps/server/src/features/alpha/alpha-routes.ts',
  'apps/server/src/features/alpha/alpha.test.ts',
  'apps/server/src/features/beta/beta-service.ts',
  'apps/web/src/uses-contracts.ts',
  'packages/store/src/testing/index.ts',
  // A package's command-line entry may read files.
  'packages/grouping/src/eval/eval-cli.ts',
];

function writeLayout(root: string): void {
  for (const file of layout) {
    const lines = [
      ...(file.imports ?? []).map((from, index) => `import * as value${index} from '${from}';`),
      ...(file.typeImports ?? []).map((from, index) => `import type * as types${index} from '${from}';`),
      'export const probe = 1;',
    ];
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), `${lines.join('\n')}\n`);
  }
  // Workspace packages resolve by name through node_modules links, as npm's workspaces lay them out.
  for (const [name, exports] of [
    ['store', { '.': './src/index.ts', './testing': './src/testing/index.ts' }],
    ['contracts', { '.': './src/index.ts' }],
  ] as const) {
    writeFileSync(
      join(root, 'packages', name, 'package.json'),
      JSON.stringify({ name: `@dexter/${name}`, exports }),
    );
    mkdirSync(join(root, 'node_modules/@dexter'), { recursive: true });
    symlinkSync(join(root, 'packages', name), join(root, 'node_modules/@dexter', name), 'dir');
  }
}

describe('the dependency boundary rules', () => {
  let probeRoot = '';
  let probed: ICruiseResult;

  beforeAll(async () => {
    probeRoot = mkdtempSync(join(realpathSync(tmpdir()), 'dexter-boundaries-'));
    writeLayout(probeRoot);
    probed = await cruiseBoundaries(probeRoot, ['apps', 'packages']);
  }, 60_000);

  afterAll(() => {
    if (probeRoot) rmSync(probeRoot, { recursive: true, force: true });
  });

  it.each(wrongImports)('report $from -> $to as an error of $rule', ({ rule, from, to }) => {
    const reported = probed.summary.violations.filter((v) => v.from === from && v.to === to);
    expect(reported.map((v) => `${v.rule.severity} ${v.rule.name}`)).toContain(`error ${rule}`);
  });

  it('let allowed imports pass: a feature to the platform, packages through their entries, the test entry from a test', () => {
    const reported = probed.summary.violations.filter((v) => allowedImporters.includes(v.from));
    expect(reported).toEqual([]);
  });

  it('hold in the real tree, and every known violation in the config still happens', async () => {
    const result = await cruiseBoundaries();
    expect(result.summary.error, await errorReport(result)).toBe(0);
    expect(staleKnownViolations(result, await boundaryOptions())).toEqual([]);
    // A cruise that read no TypeScript would be clean too: the app's root module must show its imports.
    expect(
      result.modules.find((module) => module.source === 'apps/server/src/app.ts')?.dependencies,
    ).not.toEqual([]);
  }, 120_000);
});
