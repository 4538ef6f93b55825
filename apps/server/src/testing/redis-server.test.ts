import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from './redis-server';

describe('startRedisServer', () => {
  const servers: RedisServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('starts a server that answers, keeps its port across a restart, and loses data (no persistence)', async () => {
    const server = await startRedisServer();
    servers.push(server);
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);

    const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await client.connect();
    await client.set('k', 'v');
    expect(await client.get('k')).toBe('v');
    client.disconnect();

    await server.restart();
    const again = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await again.connect();
    expect(await again.get('k')).toBeNull();
    again.disconnect();
  });

  it('gives two servers two ports, and a stopped server refuses connections', async () => {
    const [a, b] = await Promise.all([startRedisServer(), startRedisServer()]);
    servers.push(a, b);
    expect(a.port).not.toBe(b.port);

    await a.stop();
    const client = new Redis(a.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => {}); // the rejection below is the assertion; the event is noise
    await expect(client.connect()).rejects.toThrow();
    client.disconnect();
  });
});
