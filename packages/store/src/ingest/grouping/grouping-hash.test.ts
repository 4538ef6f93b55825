import { describe, expect, it } from 'vitest';
import { nodeErrorEvent, nodeFrame } from '../fixtures/sentry-node-envelope';
import { normalizeEvent } from '../normalize/normalize-event';
import type { NormalizedEvent } from '../normalize/normalized-event';
import { computeGroupingHashes, hashValues } from './grouping-hash';

const ctx = { projectId: 1, receivedAt: Date.parse('2026-11-21T10:00:00Z') };
const norm = (raw: Record<string, unknown>): NormalizedEvent => normalizeEvent(raw, ctx);
const group = (raw: Record<string, unknown>) => computeGroupingHashes(norm(raw));

/** The fixture's stack with adjustable line numbers and crash function. */
function nodeStack(opts: { line?: number; crashFn?: string; crashFile?: string } = {}) {
  const line = opts.line ?? 14;
  return [
    nodeFrame({
      fn: 'process.processTicksAndRejections',
      file: 'node:internal/process/task_queues',
      line: line + 81,
    }),
    nodeFrame({
      fn: 'Layer.handle',
      file: '/srv/app/node_modules/express/lib/router/layer.js',
      line: line + 3,
    }),
    nodeFrame({
      fn: 'handleGetUser',
      file: '/srv/app/src/routes/users.js',
      line,
      module: 'src.routes:users',
    }),
    nodeFrame({
      fn: opts.crashFn ?? 'loadUser',
      file: opts.crashFile ?? '/srv/app/src/services/users.js',
      line: line + 17,
      module: opts.crashFile ? undefined : 'src.services:users',
    }),
  ];
}

describe('computeGroupingHashes: stack traces', () => {
  it('groups the same error through the same code despite new line numbers and message values', () => {
    const a = group(nodeErrorEvent({ value: 'User 123 not found', frames: nodeStack({ line: 14 }) }));
    const b = group(nodeErrorEvent({ value: 'User 456 not found', frames: nodeStack({ line: 90 }) }));
    expect(a.variant).toBe('in-app-stacktrace');
    expect(a.hashes).toEqual(b.hashes);
    expect(a.hashes[0]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('separates errors raised from a different function', () => {
    const a = group(nodeErrorEvent({ frames: nodeStack() }));
    const b = group(nodeErrorEvent({ frames: nodeStack({ crashFn: 'loadTeam' }) }));
    expect(a.hashes[0]).not.toBe(b.hashes[0]);
  });

  it('separates different exception types through the same stack', () => {
    const a = group(nodeErrorEvent({ type: 'TypeError', frames: nodeStack() }));
    const b = group(nodeErrorEvent({ type: 'RangeError', frames: nodeStack() }));
    expect(a.hashes[0]).not.toBe(b.hashes[0]);
  });

  it('returns the app hash first and the system hash second', () => {
    const result = group(nodeErrorEvent({ frames: nodeStack() }));
    expect(result.hashes).toHaveLength(2);
    expect(result.components[0]).toEqual([
      'type',
      'TypeError',
      'frame',
      'src.routes:users',
      'handleGetUser',
      'frame',
      'src.services:users',
      'loadUser',
    ]);
    expect(result.components[1]).toEqual([
      'type',
      'TypeError',
      'frame',
      'task_queues',
      'process.processTicksAndRejections',
      'frame',
      'layer.js',
      'Layer.handle',
      'frame',
      'src.routes:users',
      'handleGetUser',
      'frame',
      'src.services:users',
      'loadUser',
    ]);
    expect(result.hashes[1]).toBe(hashValues(result.components[1]!));
  });

  it('keeps the app hash stable when a framework frame changes (matches on app), not the system one', () => {
    const changed = nodeStack();
    changed[1] = nodeFrame({
      fn: 'next',
      file: '/srv/app/node_modules/express/lib/router/index.js',
      line: 280,
    });
    const a = group(nodeErrorEvent({ frames: nodeStack() }));
    const b = group(nodeErrorEvent({ frames: changed }));
    expect(a.hashes[0]).toBe(b.hashes[0]);
    expect(a.hashes[1]).not.toBe(b.hashes[1]);
  });

  it('gives one hash when every frame is in app (app and system are equal)', () => {
    const frames = [{ function: 'a', filename: '/app/a.py', in_app: true }];
    expect(
      group({ platform: 'python', exception: [{ type: 'E', stacktrace: { frames } }] }).hashes,
    ).toHaveLength(1);
  });

  it('uses all frames when none is in app', () => {
    const frames = [{ function: 'open', module: 'io' }];
    const result = group({ platform: 'python', exception: [{ type: 'E', stacktrace: { frames } }] });
    expect(result.variant).toBe('system-stacktrace');
    expect(result.components).toEqual([['type', 'E', 'frame', 'io', 'open']]);
  });

  it('counts a recursive frame once, so recursion depth does not split issues', () => {
    const frames = (depth: number) =>
      Array.from({ length: depth }, () => ({ function: 'walk', module: 'tree', in_app: true }));
    const a = group({ exception: [{ type: 'E', stacktrace: { frames: frames(3) } }] });
    const b = group({ exception: [{ type: 'E', stacktrace: { frames: frames(40) } }] });
    expect(a.hashes).toEqual(b.hashes);
  });

  it('ignores build hashes in bundle file names', () => {
    const frames = (file: string) => [{ function: 'render', filename: file, in_app: true }];
    const a = group({
      platform: 'javascript',
      exception: [{ type: 'E', stacktrace: { frames: frames('/assets/index-BkRn3w1s.js') } }],
    });
    const b = group({
      platform: 'javascript',
      exception: [{ type: 'E', stacktrace: { frames: frames('/assets/index-Zx81kQ2p.js') } }],
    });
    expect(a.hashes).toEqual(b.hashes);
  });

  it('includes every exception of a chain', () => {
    const stack = { frames: [{ function: 'f', module: 'm', in_app: true }] };
    const single = group({ exception: [{ type: 'Outer', stacktrace: stack }] });
    const chained = group({
      exception: [
        { type: 'Cause', stacktrace: stack },
        { type: 'Outer', stacktrace: stack },
      ],
    });
    expect(single.hashes[0]).not.toBe(chained.hashes[0]);
  });

  it('does not let a synthetic exception type contribute', () => {
    const stack = { frames: [{ function: 'f', module: 'm', in_app: true }] };
    const a = group({ exception: [{ type: 'Error', mechanism: { synthetic: true }, stacktrace: stack }] });
    const b = group({ exception: [{ type: 'Other', mechanism: { synthetic: true }, stacktrace: stack }] });
    expect(a.hashes).toEqual(b.hashes);
  });

  it('groups a message event with a stack by that stack', () => {
    const stacktrace = { frames: [{ function: 'f', module: 'm', in_app: true }] };
    const a = group({ message: 'first', stacktrace });
    const b = group({ message: 'second', stacktrace });
    expect(a.variant).toBe('in-app-stacktrace');
    expect(a.hashes).toEqual(b.hashes);
  });
});

describe('computeGroupingHashes: exceptions without stacks and messages', () => {
  it('groups by type and value template when there are no frames', () => {
    const a = group({ exception: [{ type: 'HttpError', value: 'status 502 from 10.0.0.1' }] });
    const b = group({ exception: [{ type: 'HttpError', value: 'status 504 from 10.0.0.7' }] });
    const c = group({ exception: [{ type: 'HttpError', value: 'connection refused' }] });
    expect(a.variant).toBe('exception');
    expect(a.hashes).toEqual(b.hashes);
    expect(a.hashes).not.toEqual(c.hashes);
  });

  it('groups message-only events by template', () => {
    const a = group({ message: 'User 123 not found' });
    const b = group({ message: 'User 456 not found' });
    const c = group({ message: 'User 123 deleted' });
    expect(a.variant).toBe('message');
    expect(a.hashes).toEqual(b.hashes);
    expect(a.hashes).not.toEqual(c.hashes);
  });

  it('prefers the logentry template to the formatted message', () => {
    const a = group({ logentry: { message: 'Cache miss for %s', params: ['user:1'] } });
    const b = group({ logentry: { message: 'Cache miss for %s', params: ['team:alpha'] } });
    expect(a.hashes).toEqual(b.hashes);
  });

  it('groups all empty events together', () => {
    expect(group({}).hashes).toEqual(group({ level: 'info' }).hashes);
  });
});

describe('computeGroupingHashes: fingerprints', () => {
  const base = nodeErrorEvent({ frames: nodeStack() });

  it('groups different stacks under one custom fingerprint', () => {
    const a = group({ ...nodeErrorEvent({ frames: nodeStack() }), fingerprint: ['my-group'] });
    const b = group({
      ...nodeErrorEvent({ frames: nodeStack({ crashFn: 'other' }), type: 'X' }),
      fingerprint: ['my-group'],
    });
    expect(a.variant).toBe('custom-fingerprint');
    expect(a.hashes).toEqual(b.hashes);
    expect(a.hashes).toHaveLength(1);
  });

  it('makes {{ default }} + x differ from the default and from x alone', () => {
    const byDefault = group(base).hashes;
    const extended = group({ ...base, fingerprint: ['{{ default }}', 'x'] }).hashes;
    const xOnly = group({ ...base, fingerprint: ['x'] }).hashes;
    expect(extended).toHaveLength(2); // app and system variants, each salted with "x"
    for (const hash of extended) {
      expect(byDefault).not.toContain(hash);
      expect(xOnly).not.toContain(hash);
    }
  });

  it('treats ["{{ default }}"] and ["{{default}}"] exactly like no fingerprint', () => {
    expect(group({ ...base, fingerprint: ['{{ default }}'] }).hashes).toEqual(group(base).hashes);
    expect(group({ ...base, fingerprint: ['{{default}}'] }).hashes).toEqual(group(base).hashes);
  });

  it('resolves event variables, with Sentry-style markers for missing values', () => {
    const withVars = (raw: Record<string, unknown>) =>
      group({
        ...raw,
        fingerprint: [
          '{{ transaction }}',
          '{{ error.type }}',
          'lvl-{{ level }}',
          '{{ logger }}',
          '{{ tags.shard }}',
          '{{ unknown }}',
        ],
      });
    const result = withVars({ ...base, tags: { shard: 'eu-1' } });
    expect(result.components[0]).toEqual([
      'fingerprint',
      'GET /users/:id',
      'fingerprint',
      'TypeError',
      'fingerprint',
      'lvl-error',
      'fingerprint',
      '<no-logger>',
      'fingerprint',
      'eu-1',
      'fingerprint',
      '{{ unknown }}',
    ]);
    expect(withVars({ message: 'm' }).components[0]?.slice(0, 4)).toEqual([
      'fingerprint',
      '<no-transaction>',
      'fingerprint',
      '<no-type>',
    ]);
  });

  it('resolves {{ type }}, {{ error.value }} and {{ function }} from the thrown exception', () => {
    const result = group({ ...base, fingerprint: ['{{ type }}', '{{ error.value }}', '{{ function }}'] });
    expect(result.components[0]).toEqual([
      'fingerprint',
      'TypeError',
      'fingerprint',
      "Cannot read properties of undefined (reading 'id')",
      'fingerprint',
      'loadUser',
    ]);
  });
});

describe('hashValues', () => {
  it('cannot be fooled by values that contain the separators', () => {
    expect(hashValues(['a\u001eb'])).toBe(hashValues(['ab']));
    expect(hashValues(['a', 'b'])).not.toBe(hashValues(['ab']));
  });
});
