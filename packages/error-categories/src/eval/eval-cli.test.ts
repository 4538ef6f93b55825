import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./eval-cli.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));

describe('npm run eval:categories', () => {
  it('prints a row per category and one JSON line last with the held-out macro figures and targets', () => {
    const output = execFileSync(tsx, [cli], { encoding: 'utf8' }).trimEnd().split('\n');
    for (const label of ['Network', 'Database', 'Null/undefined access', 'UI rendering', 'Other']) {
      expect(output.some((line) => line.startsWith(label))).toBe(true);
    }
    const summary = JSON.parse(output[output.length - 1] ?? '');
    expect(summary).toMatchObject({ split: 'heldout', platforms: 8 });
    expect(summary.events).toBeGreaterThanOrEqual(100);
    for (const key of ['macroPrecision', 'macroRecall', 'macroF1', 'issueLevelMacroF1']) {
      expect(summary[key]).toEqual({
        value: expect.any(Number),
        target: 0.75,
        met: summary[key].value >= 0.75,
      });
    }
  });
});
