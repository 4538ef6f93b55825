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
  it('prints a table and, last, the hand-checked metrics of the committed model as one JSON line', () => {
    // tiny-benchmark.jsonl, all at one timestamp, processed in id order r1..r6:
    //   r1 A: stack Parser.parse > Loader.load > Main.run, AlphaException "alpha failed 42"  (first query)
    //   r2 B: stack Store.put > Cache.fill > Worker.loop, BetaException          → shares nothing: best 0
    //   r3 A: r1 with lines shifted and "alpha failed 7"                          → duplicate, r1 scores ≈ 0.96: rank 1
    //   r4 C: Clock.tick > Timer.fire, GammaException                             → shares nothing: best 0
    //   r5 B: Parser.parse > Loader.load > Worker.loop, BetaException             → duplicate; group A (top two
    //         frames) ≈ 0.77 beats group B (bottom frame, same type) ≈ 0.69: rank 2
    //   r6 D: r1's frames, DeltaException, no message                             → new; best ≈ 0.85 (group A)
    // RR@1 = 1/2, RR@5 = RR@10 = 2/2, MRR = (1 + 1/2) / 2 = 0.75.
    // AUC over r2..r6: positives r3 (0.96), r5 (0.77); negatives r2 (0), r4 (0), r6 (0.85):
    //   r3 beats all three, r5 beats r2 and r4 → 5 of 6 pairs = 0.833.
    // Attach (confidence ≥ 0.5): only r3 (score 0.96 → confidence ≈ 0.86; r6's 0.85 maps to ≈ 0.19):
    //   precision = 1/1, recall = 1 of 2 duplicate queries = 0.5.
    // `--folds 0`: six reports are too few to fit a model on, so the committed one is measured.
    const { code, stdout } = runCli('--folds', '0', fixture('tiny-benchmark.jsonl'));
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
      folds: 0,
    });
    expect(metrics.queries_per_s).toBeGreaterThan(0);
  });

  it('cross-validates with --folds and prints the reliability of the confidence before the JSON line', () => {
    const { code, stdout } = runCli('--folds', '2', fixture('tiny-benchmark.jsonl'));
    expect(code).toBe(0);
    expect(stdout).toContain('2-fold cross-validation');
    expect(stdout).toMatch(
      /reliability of a pair's confidence[^\n]*\n\s+confidence\s+pairs\s+stated\s+observed/,
    );
    expect(stdout).toMatch(/\[0\.90, 1\.00\]\s+\d+/);
    const lines = stdout.trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1] ?? '')).toMatchObject({ folds: 2, rr1: expect.any(Number) });
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
    const oneFold = runCli('--folds', '1', fixture('tiny-benchmark.jsonl'));
    expect(oneFold.code).toBe(2);
    expect(oneFold.stderr).toMatch(/--folds K.*K = 0 or 2\.\.20/);
  });
});
