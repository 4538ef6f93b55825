/**
 * Composing features: a module's routes must name operations it declares and the table gives a
 * role; a module publishes and hears only the change types it declares; modules start in order
 * and stop in reverse.
 */
import { createChangeFeed } from '@dexter/change-feed';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createModules, registerApiRoutes, startModules, stopModules } from './compose-features';
import { defineFeature } from './feature-module';
import type { Platform } from './platform';

const ROLES: Record<string, string> = { 'things.list': 'viewer' };

function platform(): Platform {
  const feed = createChangeFeed({ onError: () => {} });
  // Only what composing reads: the operation table's roles and the feed.
  return { operations: { roleOf: (id: string) => ROLES[id] ?? null }, feed } as unknown as Platform;
}

const thingsRoute = (operationId: string) => async (v1: ReturnType<typeof Fastify>) => {
  v1.get('/things', { schema: { operationId } }, async () => []);
};

async function register(operations: string[], routeOperation: string) {
  const modules = createModules(
    [defineFeature({ name: 'things', create: () => ({ api: thingsRoute(routeOperation), operations }) })],
    platform(),
  );
  const app = Fastify();
  await app.register(async (v1) => registerApiRoutes(v1, modules), { prefix: '/api/v1' });
  await app.ready();
  return app;
}

describe('composing feature modules', () => {
  it('registers routes whose operations the module declares', async () => {
    const app = await register(['things.list'], 'things.list');
    expect((await app.inject('/api/v1/things')).statusCode).toBe(200);
    await app.close();
  });

  it('refuses a route that names an operation the module did not declare', async () => {
    await expect(register(['things.list'], 'things.delete')).rejects.toThrow(
      /feature things: route GET \/api\/v1\/things names undeclared operation things.delete/,
    );
  });

  it('refuses a declared operation without a role in the table', () => {
    expect(() =>
      createModules(
        [defineFeature({ name: 'things', create: () => ({ operations: ['things.unknown'] }) })],
        platform(),
      ),
    ).toThrow(/operation things.unknown has no row with a role/);
  });

  it('scopes the feed to the change types a feature declares', async () => {
    const feeds: Array<Parameters<Parameters<typeof defineFeature>[0]['create']>[0]['feed']> = [];
    createModules(
      [
        defineFeature({
          name: 'listener',
          consumes: ['issue.counts'],
          create: ({ feed }) => {
            feeds.push(feed);
            return {};
          },
        }),
      ],
      platform(),
    );
    const [feed] = feeds;
    expect(() => feed!.subscribe(() => {}, { types: ['issue.created'] })).toThrow(
      /feature listener consumes issue.created without declaring it/,
    );
    expect(() => feed!.publish({ type: 'issue.counts', org: 'acme', counts: [] })).toThrow(
      /feature listener publishes issue.counts without declaring it/,
    );
    expect(() => feed!.subscribe(() => {})).not.toThrow();
  });

  it('starts modules in order and stops them in reverse', async () => {
    const log: string[] = [];
    const feature = (name: string) =>
      defineFeature({
        name,
        create: () => ({
          start: () => void log.push(`start ${name}`),
          stop: () => void log.push(`stop ${name}`),
        }),
      });
    const modules = createModules([feature('a'), feature('b')], platform());
    await startModules(modules);
    await stopModules(modules);
    expect(log).toEqual(['start a', 'start b', 'stop b', 'stop a']);
  });

  it('refuses two features of one name', () => {
    const twice = defineFeature({ name: 'twice', create: () => ({}) });
    expect(() => createModules([twice, twice], platform())).toThrow(/two features are named twice/);
  });
});
