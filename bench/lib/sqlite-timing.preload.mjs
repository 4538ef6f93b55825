/**
 * Diagnostic preload for a Dexter server: times every better-sqlite3 `prepare` and every
 * `run`/`all`/`get`, grouped by SQL text (value lists folded), and writes the table sorted by
 * total time to $SQLITE_TIMING_FILE (default /tmp/dexter-sqlite-timing.txt) when the process exits.
 * Plain JavaScript because it loads before tsx:
 *
 *   BENCH_SERVER_NODE_ARGS="--import ./bench/lib/sqlite-timing.preload.mjs" npm run bench:ingest
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../packages/store/package.json', import.meta.url));
const Database = require('better-sqlite3');
const outFile = process.env.SQLITE_TIMING_FILE ?? '/tmp/dexter-sqlite-timing.txt';
const stats = new Map();
const now = () => process.hrtime.bigint();

const prepare = Database.prototype.prepare;
Database.prototype.prepare = function timedPrepare(sql) {
  const started = now();
  const statement = prepare.call(this, sql);
  const key = sql
    .replace(/\s+/g, ' ')
    .replace(/\(\?(, \?)*\)(, \(\?(, \?)*\))*/g, '(?...)')
    .slice(0, 110);
  let entry = stats.get(key);
  if (!entry) {
    entry = { calls: 0, prepareNs: 0n, executeNs: 0n };
    stats.set(key, entry);
  }
  entry.prepareNs += now() - started;
  for (const method of ['run', 'all', 'get']) {
    const original = statement[method];
    statement[method] = function timed(...args) {
      const t = now();
      try {
        return original.apply(this, args);
      } finally {
        entry.executeNs += now() - t;
        entry.calls += 1;
      }
    };
  }
  return statement;
};

process.on('exit', () => {
  const ms = (ns) => String(Math.round(Number(ns) / 1e6)).padStart(7);
  const rows = [...stats]
    .sort(([, a], [, b]) => Number(b.prepareNs + b.executeNs - a.prepareNs - a.executeNs))
    .map(
      ([sql, s]) =>
        `${ms(s.executeNs)} ms run ${ms(s.prepareNs)} ms prepare ${String(s.calls).padStart(8)}x  ${sql}`,
    );
  writeFileSync(outFile, `${rows.join('\n')}\n`);
});
