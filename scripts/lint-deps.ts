/**
 * `npm run lint:deps`: checks the module boundaries of .dependency-cruiser.cjs over the repository.
 * Fails on any error-level violation, and on a known violation that no longer happens (so the
 * allowance in the config only ever shrinks).
 */
import {
  boundaryOptions,
  cruiseBoundaries,
  errorReport,
  staleKnownViolations,
} from './dependency-boundaries';

try {
  const result = await cruiseBoundaries();
  const stale = staleKnownViolations(result, await boundaryOptions());
  // dependency-cruiser's hint names its CLI's flag; here the allowance is the config's knownViolations.
  const report = (await errorReport(result)).replace(/\n.*--no-ignore-known.*\n/, '\n');
  process.stdout.write(report);
  if (result.summary.ignore > 0) {
    process.stdout.write(
      `${result.summary.ignore} known violations allowed (knownViolations in .dependency-cruiser.cjs)\n`,
    );
  }
  for (const known of stale) {
    process.stderr.write(
      `Known violation no longer happens, delete it from .dependency-cruiser.cjs: ${known.rule.name}: ${known.from} -> ${known.to}\n`,
    );
  }
  if (result.summary.error > 0 || stale.length > 0) process.exitCode = 1;
} catch (error) {
  process.stderr.write(`lint:deps: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
