import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./eval-cli.ts', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

function runCli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('eval-cli', () => {
  it('prints a table and, last, the hand-checked metrics of the tiny benchmark as one JSON line', () => {
    // tiny-benchmark.jsonl, all at one timestamp, processed in id order r1..r6:
    //   r1 A: stack Parser.parse > Loader.load > Main.run, AlphaException "alpha failed 42"  (first query)
    //   r2 B: stack Store.put > Cache.fill > Worker.loop, BetaException          → shares nothing: best 0
    //   r3 A: r1 with lines shifted and "alpha failed 7"                          → duplicate, r1 scores ~1: rank 1
    //   r4 C: Clock.tick > Timer.fire, GammaException                             → shares nothing: best 0
    //   r5 B: Parser.parse > Loader.load > Worker.loop, BetaException             → duplicate; group A (top two
    //         frames) ≈ 0.67 beats group B (bottom frame, same type) ≈ 0.55: rank 2
    //   r6 D: r1's frames, DeltaException, no message                             → new; best ≈ 0.83 (group A)
    // RR@1 = 1/2, RR@5 = RR@10 = 2/2, MRR = (1 + 1/2) / 2 = 0.75.
    // AUC over r2..r6: positives r3 (~1), r5 (0.67); negatives r2 (0), r4 (0), r6 (0.83):
    //   r3 beats all three, r5 beats r2 and r4 → 5 of 6 pairs = 0.833.
    // Attach (confidence ≥ 0.5): only r3 (score ~1 → confidence ≈ 0.79; r6's 0.83 maps to ≈ 0.20):
    //   precision = 1/1, recall = 1 of 2 duplicate queries = 0.5.
    const { code, stdout } = runCli(fixture('tiny-benchmark.jsonl'));
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(stdout).toContain('RR@1');
    const metrics = JSON.parse(lines[lines.length - 1] ?? '');
    expect(metrics).toMatchObject({
      rr1: 0.5,
      rr5: 1,
      rr10: 1,
      mrr: 0.75,
      auc: 0.833,
      precision: 1,
      recall: 0.5,
    });
    expect(metrics.queries_per_s).toBeGreaterThan(0);
  });

  it('names the malformed line and exits 1 without a stack trace', () => {
    const { code, stdout, stderr } = runCli(fixture('malformed.jsonl'));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/line 3: "frames" must be an array/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a missing file and bad usage clearly', () => {
    const missing = runCli(fixture('does-not-exist.jsonl'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*does-not-exist\.jsonl: ENOENT/);
    expect(runCli().code).toBe(2);
  });
});
