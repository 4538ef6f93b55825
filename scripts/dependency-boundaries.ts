/**
 * Runs dependency-cruiser over the repository with `.dependency-cruiser.cjs`, for `npm run lint:deps`
 * and for the test that proves the rules bite (boundaries.test.ts).
 *
 * Invariant: a run that cannot read TypeScript fails instead of passing. dependency-cruiser skips
 * files it has no parser for, so without one it would cruise zero modules and report a clean tree.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cruise,
  format,
  getAvailableTranspilers,
  type ICruiseOptions,
  type ICruiseResult,
} from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

export const repositoryRoot = join(fileURLToPath(import.meta.url), '../..');

/** Everything that imports workspace code: the workspaces, the browser tests and benches, the tooling. */
export const cruisedFolders = ['apps', 'packages', 'e2e', 'bench', 'scripts'];

/** The repository's rules and options, with paths taken relative to `baseDir`. */
export async function boundaryOptions(baseDir = repositoryRoot): Promise<ICruiseOptions> {
  const options = await extractDepcruiseOptions(join(repositoryRoot, '.dependency-cruiser.cjs'));
  return { ...options, baseDir };
}

/**
 * The config keeps type-only imports (`tsPreCompilationDeps`), which only dependency-cruiser's
 * TypeScript parser can do: the compiler API of typescript >=2 <7. TypeScript 7 (the native compiler
 * the typecheck runs) ships no JavaScript API, so dependency-cruiser needs a 6.x beside it.
 */
export function assertTypeScriptParser(): void {
  const typescript = getAvailableTranspilers().find((transpiler) => transpiler.name === 'typescript');
  if (typescript?.available) return;
  throw new Error(
    `dependency-cruiser cannot read TypeScript here: it needs the compiler API of typescript ${typescript?.version ?? '<7'} ` +
      'and none is installed (TypeScript 7 has no JavaScript API). Without it every .ts file would be ' +
      'skipped and the boundary rules would pass on an empty graph.',
  );
}

/** Cruises `folders` under `baseDir` and returns the result (violations in `summary.violations`). */
export async function cruiseBoundaries(
  baseDir = repositoryRoot,
  folders: readonly string[] = cruisedFolders,
): Promise<ICruiseResult> {
  assertTypeScriptParser();
  const { output } = await cruise([...folders], await boundaryOptions(baseDir));
  if (typeof output === 'string') throw new Error('dependency-cruiser returned a report instead of a result');
  return output;
}

/** Known violations (`options.knownViolations`) that no longer happen: delete them from the config. */
export function staleKnownViolations(result: ICruiseResult, options: ICruiseOptions) {
  return (options.knownViolations ?? []).filter(
    (known) => !result.summary.violations.some((violation) => sameViolation(known, violation)),
  );
}

type ViolationIdentity = { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] };

/** dependency-cruiser's own identity of a violation: its rule, and its cycle's members or else from and to. */
function sameViolation(left: ViolationIdentity, right: ViolationIdentity): boolean {
  if (left.rule.name !== right.rule.name) return false;
  if (left.cycle && right.cycle) {
    const members = new Set(right.cycle.map((step) => step.name));
    return left.cycle.length === right.cycle.length && left.cycle.every((step) => members.has(step.name));
  }
  return left.from === right.from && left.to === right.to;
}

/** dependency-cruiser's own error report: one line per violation with its rule's name. */
export async function errorReport(result: ICruiseResult): Promise<string> {
  const { output } = await format(result, { outputType: 'err-long' });
  return String(output);
}
