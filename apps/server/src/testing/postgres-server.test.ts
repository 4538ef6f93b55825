import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgresServer } from './postgres-server';

describe('startPostgresServer', () => {
  const servers: PostgresServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('starts a real server, gives each caller its own database, drops it, and stops', async () => {
    const server = await startPostgresServer();
    servers.push(server);
    expect(server.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/postgres`);

    const [a, b] = await Promise.all([server.createDatabase(), server.createDatabase()]);
    expect(a).not.toBe(b);
    const client = new pg.Client({ connectionString: a });
    await client.connect();
    const { rows } = await client.query<{ version: string; db: string }>(
      'select version() as version, current_database() as db',
    );
    expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
    expect(rows[0]?.db).toBe(new URL(a).pathname.slice(1));
    await client.query('create table t (x int)');
    await client.end();

    // An open connection does not keep a database from being dropped.
    const lingering = new pg.Client({ connectionString: b });
    lingering.on('error', () => {}); // the forced drop ends it; that is expected here
    await lingering.connect();
    await server.dropDatabase(b);
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const names = (await admin.query<{ datname: string }>('select datname from pg_database')).rows.map(
      (row) => row.datname,
    );
    await admin.end();
    expect(names).toContain(new URL(a).pathname.slice(1));
    expect(names).not.toContain(new URL(b).pathname.slice(1));
    await lingering.end().catch(() => {});

    // A stopped server refuses connections and leaves no directory behind.
    await server.stop();
    servers.length = 0;
    const refused = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2_000 });
    refused.on('error', () => {});
    await expect(refused.connect()).rejects.toThrow();
    expect(existsSync(server.dataDir)).toBe(false);
  });
});
