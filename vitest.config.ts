import { defineConfig } from 'vitest/config';

// Two projects: fast unit/integration tests beside the code (the web app's logic tests in apps/web/src
// included, and the repository tooling's own tests in scripts/), and browser tests in e2e/ that need
// a built web bundle and the system Chromium.
//
// Coverage (`vitest run --coverage`, as `npm test` runs it) measures the source of apps/ and
// packages/ that tests run in vitest's own processes. Out of the measured set, and why:
// - tests, and the code only tests run: `testing/` folders, `*-test-*.ts` helpers, fixtures, the
//   upstream acceptance harness; they would only measure themselves;
// - apps/web's React components (`.tsx`): they run only in Chromium, driven by the e2e project
//   through a spawned server, where vitest's V8 coverage cannot see. The web app's logic in `.ts`
//   files (API client, query keys, reducers, formatting) is measured like the rest;
// - declaration files, and dist/, bench/ and e2e/, which are not under a measured `src/`.
// Code that runs only in a child process (`main.ts`, the grouping CLIs, spawned by their tests) is
// measured and shows what in-process tests reach of it.
// Sign-in, users, tokens, audit, saved views, bulk jobs (resumed after a restart), the alert outbox
// (across restarts), integrations, chat, secrets, deploy notices, metric sources: every table of
// Dexter's database is written and read. bulk-jobs.test.ts also passes on PostgreSQL but is left
// out: it is the slowest suite and adds nothing to bulk-resume's use of the database.
const postgresSuites = [
  'apps/server/src/features/auth/sign-in.test.ts',
  'apps/server/src/features/auth/sign-in-lockout.test.ts',
  'apps/server/src/features/users/users.test.ts',
  'apps/server/src/features/users/reenabled-user-tokens.test.ts',
  'apps/server/src/features/tokens/tokens.test.ts',
  'apps/server/src/features/audit/audit.test.ts',
  'apps/server/src/features/views/views.test.ts',
  'apps/server/src/features/bulk/bulk-resume.test.ts',
  'apps/server/src/features/alerts/alerts-delivery.test.ts',
  'apps/server/src/features/integrations/integrations.test.ts',
  'apps/server/src/features/chat/chat-flow.test.ts',
  'apps/server/src/features/secrets/secrets.test.ts',
  'apps/server/src/features/deploy-health/deploy-health.test.ts',
  'apps/server/src/features/metric-correlation/metric-sources-csv.test.ts',
  'apps/server/src/platform/leases.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        // Files share their worker's module graph (`isolate: false`): importing the server graph
        // afresh cost about a second per file, over 300 s a run; the suites keep no state in modules
        // (each starts its own servers, restores timers, env and globals it changes).
        test: {
          name: 'unit',
          isolate: false,
          include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The server suites that use Dexter's own database, again with that database on a real
        // PostgreSQL server (started once for the run by the global setup; each test Dexter gets
        // a fresh database, see apps/server/src/testing/postgres-test-database.ts).
        test: {
          name: 'postgres',
          isolate: false,
          include: postgresSuites,
          globalSetup: ['apps/server/src/testing/postgres-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['apps/server/src/**/*.ts', 'apps/web/src/**/*.ts', 'packages/*/src/**/*.ts'],
      exclude: [
        '**/*.test.ts',
        '**/*.e2e.ts',
        '**/*.d.ts',
        '**/testing/**',
        '**/*-test-*.ts',
        '**/fixtures/**',
        '**/test-fixtures/**',
        'apps/server/src/upstream/acceptance/**',
      ],
      reporter: ['text-summary'],
      // The summary also when a test fails: a red run still shows what it measured.
      reportOnFailure: true,
      // test-artifacts/ is ignored by git and biome.
      reportsDirectory: 'test-artifacts/coverage',
      thresholds: { lines: 80 },
    },
  },
});
