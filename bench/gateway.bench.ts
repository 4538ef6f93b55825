/**
 * Gateway benchmark: what Dexter's upstream pipeline costs and saves, side by side in one run.
 * Dexter runs as its own process in companion mode; its "Sentry" is the built-in store behind a
 * timing proxy in a fixtures process (which also hosts the bare Fastify route); this process is
 * the client. Everything listens on 127.0.0.1 and everything is stopped at the end.
 *
 *   1. a warm issue-list page through Dexter vs a bare Fastify route serving the same bytes;
 *   2. the issue context facade (six upstream parts) on misses with injected upstream latency,
 *      against one upstream round trip;
 *   3. a browse workload of many users: share of page views served with no upstream call, and
 *      upstream calls per 1,000 views (plus the same workload without mutations, as a control),
 *      measured in steady state: after a 60 s warm-up that lets the hot set into the cache, as a
 *      team browsing all day would find it (BENCH_BROWSE_WARMUP_SECONDS=5 shows a cold start);
 *   4. what Dexter adds to a cache miss, against the upstream time the proxy measured, once the
 *      server is warm (after BENCH_MISS_WARMUP misses; the warm-up's own figure is printed too).
 * They run in the order 1, 4, 2, 3: section 4 wants no injected latency, section 3 the same
 * latency as section 2, and sections 2 and 3 use disjoint issues so that 3 starts cold.
 *
 *   npm run bench:gateway
 *   BENCH_SECONDS=5 BENCH_BROWSE_SECONDS=10 npm run bench:gateway
 *   BENCH_CPU_PROF=1 npm run bench:gateway      # also profiles Dexter and prints its hot spots
 *   BENCH_SECTIONS=list BENCH_CPU_PROF=1 npm run bench:gateway   # one section, profiled alone
 *
 * Prints the workload and machine first, a readable summary, and as its last line one JSON object.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { runBrowse } from './gateway/browse';
import { runCachedList } from './gateway/cached-list';
import { type CompanionDexter, startCompanionDexter } from './gateway/companion-dexter';
import { runContextFanout } from './gateway/context-fanout';
import { type Fixtures, startFixtures } from './gateway/fixtures';
import { formatGatewaySummary, type GatewayRun, gatewayFigures } from './gateway/gateway-report';
import { runMissOverhead } from './gateway/miss-overhead';
import { benchSettings } from './lib/bench-settings';
import { formatProfileSummary, summarizeCpuProfile } from './lib/cpu-profile';
import { describeMachine } from './lib/machine';

const SECTIONS = ['list', 'miss', 'context', 'browse'] as const;

const flag = z.enum(['0', '1', 'true', 'false']).transform((value) => value === '1' || value === 'true');

const SettingsSchema = z.object({
  BENCH_SECONDS: z.coerce.number().positive().max(300).default(10),
  BENCH_WARMUP_SECONDS: z.coerce.number().min(0).max(60).default(2),
  BENCH_CONNECTIONS: z.coerce.number().int().min(1).max(1024).default(32),
  BENCH_HOT_ISSUES: z.coerce.number().int().min(10).max(5000).default(500),
  BENCH_CONTEXT_ISSUES: z.coerce.number().int().min(10).max(2000).default(200),
  BENCH_LATENCY_MS: z.coerce.number().min(0).max(2000).default(100),
  BENCH_REFERENCE_CALLS: z.coerce.number().int().min(2).max(1000).default(40),
  BENCH_MISS_REQUESTS: z.coerce.number().int().min(10).max(5000).default(300),
  /** Misses made before the measured ones: V8 optimizes over the first few hundred requests. */
  BENCH_MISS_WARMUP: z.coerce.number().int().min(0).max(5000).default(200),
  /** Page sizes of the uncached list pages, comma-separated; each gives 8 searches to walk. */
  BENCH_MISS_PAGE_SIZES: z
    .string()
    .default('25,20')
    .transform((list) => list.split(',').map(Number))
    .refine((sizes) => sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= 100), {
      message: 'comma-separated page sizes from 1 to 100',
    }),
  BENCH_USERS: z.coerce.number().int().min(1).max(1000).default(50),
  BENCH_THINK_MS: z.coerce.number().min(0).max(60_000).default(1000),
  BENCH_ZIPF_EXPONENT: z.coerce.number().min(0).max(3).default(1),
  BENCH_LIST_SHARE: z.coerce.number().min(0).max(1).default(0.35),
  BENCH_MUTATION_SHARE: z.coerce.number().min(0).max(0.5).default(0.02),
  BENCH_BROWSE_SECONDS: z.coerce.number().positive().max(600).default(30),
  BENCH_BROWSE_WARMUP_SECONDS: z.coerce.number().min(0).max(600).default(60),
  BENCH_BROWSE_CONTROL: flag.default(true),
  /** Dexter's rate budget toward the upstream; roomy so the sections measure the pipeline. */
  BENCH_UPSTREAM_RATE: z.coerce.number().positive().default(1000),
  BENCH_UPSTREAM_CONCURRENCY: z.coerce.number().int().positive().default(64),
  /** Which sections run, comma-separated (e.g. `miss` alone, to profile it). */
  BENCH_SECTIONS: z
    .string()
    .default(SECTIONS.join(','))
    .transform((list) => new Set(list.split(',').map((name) => name.trim())))
    .refine((set) => [...set].every((name) => (SECTIONS as readonly string[]).includes(name)), {
      message: `a comma-separated subset of ${SECTIONS.join(',')}`,
    }),
  BENCH_CPU_PROF: flag.default(false),
  /** Extra node flags for Dexter, space-separated. */
  BENCH_SERVER_NODE_ARGS: z.string().default(''),
});

async function main(): Promise<void> {
  const s = benchSettings(SettingsSchema);
  const machine = describeMachine();
  const workload = {
    connections: s.BENCH_CONNECTIONS,
    windowSeconds: s.BENCH_SECONDS,
    warmupSeconds: s.BENCH_WARMUP_SECONDS,
    hotIssues: s.BENCH_HOT_ISSUES,
    contextIssues: s.BENCH_CONTEXT_ISSUES,
    injectedLatencyMs: s.BENCH_LATENCY_MS,
    missRequests: s.BENCH_MISS_REQUESTS,
    missWarmup: s.BENCH_MISS_WARMUP,
    users: s.BENCH_USERS,
    thinkMs: s.BENCH_THINK_MS,
    zipfExponent: s.BENCH_ZIPF_EXPONENT,
    listShare: s.BENCH_LIST_SHARE,
    mutationShare: s.BENCH_MUTATION_SHARE,
    browseSeconds: s.BENCH_BROWSE_SECONDS,
    sections: [...s.BENCH_SECTIONS].join(','),
    upstreamRate: s.BENCH_UPSTREAM_RATE,
    upstreamConcurrency: s.BENCH_UPSTREAM_CONCURRENCY,
  };
  process.stdout.write(
    `gateway bench on ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, node ${machine.node}, ${machine.os}\n` +
      `workload: ${JSON.stringify(workload)}\n`,
  );

  const profileDir = s.BENCH_CPU_PROF ? mkdtempSync(join(tmpdir(), 'dexter-gateway-prof-')) : undefined;
  let fixtures: Fixtures | undefined;
  let dexter: CompanionDexter | undefined;
  const stopAll = async () => {
    await dexter?.stop();
    await fixtures?.stop();
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  try {
    fixtures = await startFixtures(s.BENCH_HOT_ISSUES + s.BENCH_CONTEXT_ISSUES);
    const { info } = fixtures;
    dexter = await startCompanionDexter({
      sentry: { url: info.proxyUrl, token: info.token, org: info.org },
      env: {
        LOG_LEVEL: 'silent',
        DEXTER_RATE_LIMIT_PER_MINUTE: '100000000',
        DEXTER_UPSTREAM_RATE: String(s.BENCH_UPSTREAM_RATE),
        DEXTER_UPSTREAM_CONCURRENCY: String(s.BENCH_UPSTREAM_CONCURRENCY),
      },
      nodeArgs: [
        ...s.BENCH_SERVER_NODE_ARGS.split(' ').filter((arg) => arg !== ''),
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      ],
    });
    process.stdout.write(
      `fixtures: ${info.issueIds.length} issues seeded in ${(info.seedMs / 1000).toFixed(1)} s; ` +
        `dexter ${dexter.url} (pid ${dexter.pid}) -> proxy ${info.proxyUrl} -> store ${info.storeUrl}; ` +
        `bare route ${info.bareUrl} (pid ${fixtures.pid})\n`,
    );
    const target = { dexter, fixtures, org: info.org };
    const hotIssueIds = info.issueIds.slice(0, s.BENCH_HOT_ISSUES);

    const wanted = (name: (typeof SECTIONS)[number]) => s.BENCH_SECTIONS.has(name);

    const cachedList = wanted('list')
      ? await runCachedList(target, {
          connections: s.BENCH_CONNECTIONS,
          warmupMs: s.BENCH_WARMUP_SECONDS * 1000,
          measureMs: s.BENCH_SECONDS * 1000,
        })
      : null;
    const missOverhead = wanted('miss')
      ? await runMissOverhead(target, {
          requests: s.BENCH_MISS_REQUESTS,
          warmup: s.BENCH_MISS_WARMUP,
          pageSizes: s.BENCH_MISS_PAGE_SIZES,
        })
      : null;
    const contextFanout = wanted('context')
      ? await runContextFanout(target, {
          issueIds: info.issueIds.slice(s.BENCH_HOT_ISSUES),
          latencyMs: s.BENCH_LATENCY_MS,
          referenceCalls: s.BENCH_REFERENCE_CALLS,
        })
      : null;
    const browseSettings = {
      users: s.BENCH_USERS,
      hotIssueIds,
      projectIds: info.projectIds,
      thinkMs: s.BENCH_THINK_MS,
      zipfExponent: s.BENCH_ZIPF_EXPONENT,
      listShare: s.BENCH_LIST_SHARE,
      mutationShare: s.BENCH_MUTATION_SHARE,
      warmupMs: s.BENCH_BROWSE_WARMUP_SECONDS * 1000,
      measureMs: s.BENCH_BROWSE_SECONDS * 1000,
      seed: 42,
    };
    // The browse workload runs with the injected latency of section 2: Sentry is never 0 ms away.
    await fixtures.setLatency(s.BENCH_LATENCY_MS);
    const browse = wanted('browse') ? await runBrowse(target, browseSettings) : null;
    const browseWithoutMutations =
      wanted('browse') && s.BENCH_BROWSE_CONTROL
        ? await runBrowse(target, { ...browseSettings, mutationShare: 0, seed: 4242 })
        : null;

    await stopAll();
    const run: GatewayRun = {
      machine,
      workload,
      cachedList,
      missOverhead,
      contextFanout,
      browse,
      browseWithoutMutations,
    };
    const figures = gatewayFigures(run);
    const profileText = profileDir ? `\n${profileReport(profileDir)}\n` : '';
    process.stdout.write(`${formatGatewaySummary(run, figures)}\n${profileText}${JSON.stringify(figures)}\n`);
  } finally {
    await stopAll();
  }
}

function profileReport(profileDir: string): string {
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return `no .cpuprofile was written to ${profileDir}`;
  const path = join(profileDir, file);
  return `Dexter CPU profile, whole run (${path}):\n${formatProfileSummary(summarizeCpuProfile(path))}`;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `gateway bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
