/**
 * In-process profile of the store's Discover queries (no HTTP): seeds a store with the Discover
 * fixture once into BENCH_PROFILE_DIR (kept, so profiles can be repeated on the same data), then
 * runs each query shape of `bench:discover` BENCH_QUERIES times, rotating the environment filter,
 * and prints CPU per query. Run under `node --cpu-prof` for a profile:
 *
 *   BENCH_PROFILE_DIR=/tmp/discover-200k BENCH_EVENTS=200000 \
 *     node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/discover/profile-queries.ts
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseStatsQuery, parseTableQuery } from '@dexter/store';
import { createStore, runStats, runTable, seedDiscoverFixture } from '@dexter/store/testing';

type RawParams = Parameters<typeof parseTableQuery>[0];

const dir = process.env.BENCH_PROFILE_DIR ?? '/tmp/dexter-discover-profile';
const events = Number(process.env.BENCH_EVENTS ?? 200_000);
const queries = Number(process.env.BENCH_QUERIES ?? 20);
const only = process.env.BENCH_SHAPES?.split(',');

async function main(): Promise<void> {
  const fresh = !existsSync(join(dir, 'store.sqlite'));
  mkdirSync(dir, { recursive: true });
  if (fresh) {
    const boot = await createStore({ dataDir: dir, ingestWorkers: 0 });
    const projectId = (await boot.bootstrap({ publicUrl: 'http://127.0.0.1:9', projectSlug: 'app' }))
      .projects[0]!.id;
    await boot.close();
    const seeded = seedDiscoverFixture(
      { dataDir: dir, projectId },
      { events, days: 14, tenants: 1000, users: 20_000, issues: 300 },
    );
    console.log(`seeded ${seeded.events} events in ${seeded.seconds.toFixed(1)} s`, seeded);
  }
  const store = await createStore({ dataDir: dir, ingestWorkers: 0 });
  const projects = await store.db.selectFrom('projects').select(['id', 'slug']).execute();
  const filters: RawParams[] = [
    {},
    { environment: 'production' },
    { environment: 'staging' },
    { environment: 'development' },
  ];
  const shapes: Record<string, { stats: boolean; params: RawParams }> = {
    countByTenant: {
      stats: false,
      params: { field: ['tenant', 'count()'], statsPeriod: '14d', per_page: '100' },
    },
    usersByTenant: {
      stats: false,
      params: { field: ['tenant', 'count_unique(user)'], statsPeriod: '14d', per_page: '100' },
    },
    hourlySeries: { stats: true, params: { yAxis: 'count()', statsPeriod: '14d', interval: '1h' } },
    hourlyUsersSeries: {
      stats: true,
      params: { yAxis: 'count_unique(user)', statsPeriod: '14d', interval: '1h' },
    },
  };
  for (const [name, shape] of Object.entries(shapes)) {
    if (only && !only.includes(name)) continue;
    const ms: number[] = [];
    let engine = '';
    const cpu = process.cpuUsage();
    for (let i = 0; i < queries; i++) {
      const now = Date.now();
      const target = {
        db: store.db,
        projectIds: projects.map((p) => p.id),
        slugs: new Map(projects.map((p) => [p.id, p.slug])),
        now,
      };
      const params = { ...shape.params, ...filters[i % filters.length] };
      const started = performance.now();
      if (shape.stats) engine = (await runStats(target, parseStatsQuery(params, now))).engine;
      else engine = (await runTable(target, parseTableQuery(params, now))).engine;
      ms.push(performance.now() - started);
    }
    const used = process.cpuUsage(cpu);
    ms.sort((a, b) => a - b);
    console.log(
      `${name} (${engine}): p50 ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} ms, max ${ms.at(-1)!.toFixed(1)} ms, ` +
        `CPU ${((used.user + used.system) / 1000 / queries).toFixed(1)} ms/query`,
    );
  }
  await store.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
