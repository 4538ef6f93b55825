/**
 * Test-only: a throwaway Prometheus (Debian's `prometheus` and `promtool`, 2.42) on a free loopback
 * port, its TSDB in a temp dir that is removed when it stops. Two ways to give it data:
 * - `backfill`: OpenMetrics text (`openMetrics()` writes it) turned into TSDB blocks by
 *   `promtool tsdb create-blocks-from openmetrics` before the server starts, so a test has days of
 *   history at once;
 * - `scrapeTargets`: `host:port` exporters the test serves, scraped every second. Prometheus's
 *   discovery hands targets over at most every 5 s, so the first scrape comes a few seconds after
 *   start: `waitForSample` waits for it.
 *
 * Readiness is the server's own log line (which proves *our* process bound the port, not another
 * test's) and `/-/ready`. A port taken between the probe and the bind is retried on another.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
const HOST = '127.0.0.1';
const run = promisify(execFile);

export interface PrometheusServer {
  url: string;
  port: number;
  /** Waits until an instant query of `query` has at least one sample (e.g. after the first scrape). */
  waitForSample(query: string, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** OpenMetrics text (ending with `# EOF`) backfilled into the TSDB before start. */
  backfill?: string;
  scrapeTargets?: string[];
  timeoutMs?: number;
}

export interface MetricSeries {
  name: string;
  labels?: Record<string, string>;
  /** Epoch ms and value. */
  samples: ReadonlyArray<{ at: number; value: number }>;
}

/** OpenMetrics text of gauges, as `promtool tsdb create-blocks-from openmetrics` reads it. */
export function openMetrics(series: readonly MetricSeries[]): string {
  const lines: string[] = [];
  for (const { name, labels = {}, samples } of series) {
    lines.push(`# TYPE ${name} gauge`);
    const labelText = Object.entries(labels)
      .map(([key, value]) => `${key}="${value.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`)
      .join(',');
    const metric = labelText ? `${name}{${labelText}}` : name;
    for (const sample of samples) lines.push(`${metric} ${sample.value} ${(sample.at / 1000).toFixed(3)}`);
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://${HOST}:${port}/-/ready`)).status === 200;
  } catch {
    return false;
  }
}

async function launch(dir: string, port: number, timeoutMs: number): Promise<ChildProcess> {
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      // Backfilled history must outlive the default 15 days of retention if a test writes older.
      '--storage.tsdb.retention.time=400d',
      `--web.listen-address=${HOST}:${port}`,
      '--log.level=info',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + timeoutMs;
  // No event says "serving": poll for the log line and the readiness endpoint.
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`prometheus exited with ${child.exitCode}:\n${output.slice(-2000)}`);
    if (output.includes('Server is ready to receive web requests') && (await ready(port))) return child;
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(
    `prometheus did not become ready on port ${port} within ${timeoutMs} ms:\n${output.slice(-2000)}`,
  );
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function startPrometheusServer(options: PrometheusOptions = {}): Promise<PrometheusServer> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const dir = mkdtempSync(join(tmpdir(), 'dexter-prometheus-'));
  try {
    const targets = options.scrapeTargets ?? [];
    const config = [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      ...(targets.length > 0
        ? [
            'scrape_configs:',
            '  - job_name: exporter',
            '    static_configs:',
            `      - targets: [${targets.map((target) => `'${target}'`).join(', ')}]`,
          ]
        : []),
    ].join('\n');
    writeFileSync(join(dir, 'prometheus.yml'), `${config}\n`);
    if (options.backfill) {
      writeFileSync(join(dir, 'backfill.om'), options.backfill);
      // Day-long blocks: a few instead of one per two hours.
      await run(PROMTOOL, [
        'tsdb',
        'create-blocks-from',
        'openmetrics',
        '--max-block-duration=24h',
        join(dir, 'backfill.om'),
        join(dir, 'tsdb'),
      ]);
    }
    let port = 0;
    let child: ChildProcess | null = null;
    for (let attempt = 1; child === null; attempt++) {
      port = await freePort();
      try {
        child = await launch(dir, port, timeoutMs);
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    const url = `http://${HOST}:${port}`;
    const running = child;
    return {
      url,
      port,
      async waitForSample(query: string, waitMs = 20_000): Promise<number> {
        const deadline = Date.now() + waitMs;
        while (Date.now() < deadline) {
          const answer = (await (
            await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`)
          ).json()) as {
            data?: { result?: Array<{ value: [number, string] }> };
          };
          const first = answer.data?.result?.[0];
          if (first) return Number(first.value[1]);
          await sleep(200);
        }
        throw new Error(`prometheus had no sample of ${query} within ${waitMs} ms`);
      },
      async stop() {
        await terminate(running);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
