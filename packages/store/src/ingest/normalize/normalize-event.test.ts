import { describe, expect, it } from 'vitest';
import { NODE_EVENT_ID, nodeErrorEvent } from '../fixtures/sentry-node-envelope';
import { IngestError } from '../ingest-error';
import { normalizeEvent } from './normalize-event';

const RECEIVED = Date.parse('2026-11-21T10:00:01Z');
const ctx = { projectId: 7, receivedAt: RECEIVED };

describe('normalizeEvent on a real @sentry/node 11 error', () => {
  const event = normalizeEvent(nodeErrorEvent({ extra: { orderId: 991 } }), {
    ...ctx,
    clientIp: '203.0.113.9',
  });

  it('keeps identity and time', () => {
    expect(event.eventId).toBe(NODE_EVENT_ID);
    expect(event.projectId).toBe(7);
    expect(event.timestamp).toBe(Date.parse('2026-11-21T10:00:00.125Z'));
    expect(event.receivedAt).toBe(RECEIVED);
  });

  it('copies the scalar fields', () => {
    expect(event).toMatchObject({
      platform: 'node',
      level: 'error',
      serverName: 'web-1',
      environment: 'production',
      release: 'dexter-demo@1.4.2',
      transaction: 'GET /users/:id',
      type: 'error',
      handled: false,
      sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
      extra: { orderId: 991 },
      stacktrace: null,
    });
  });

  it('summarizes like Sentry', () => {
    expect(event.title).toBe("TypeError: Cannot read properties of undefined (reading 'id')");
    expect(event.culprit).toBe('GET /users/:id');
    expect(event.metadata).toEqual({
      type: 'TypeError',
      value: "Cannot read properties of undefined (reading 'id')",
      filename: '/srv/app/src/services/users.js',
      function: 'loadUser',
      in_app_frame_mix: 'mixed',
    });
  });

  it('keeps frames caller first and marks node internals and node_modules as not in app', () => {
    const frames = event.exceptions[0]!.frames;
    expect(frames.map((f) => [f.function, f.inApp])).toEqual([
      ['process.processTicksAndRejections', false],
      ['Layer.handle [as handle_request]', false],
      ['handleGetUser', true],
      ['loadUser', true],
    ]);
    expect(frames[3]).toMatchObject({
      filename: '/srv/app/src/services/users.js',
      module: 'src.services:users',
      lineNo: 31,
      colNo: 22,
      contextLine: '  const user = await loadUser(req.params.id);',
      preContext: ['', `router.get('/users/:id', async (req, res) => {`],
      postContext: ['  res.json({ id: user.id });', '});'],
    });
  });

  it('derives the tags Sentry shows', () => {
    expect(Object.fromEntries(event.tags)).toEqual({
      level: 'error',
      environment: 'production',
      release: 'dexter-demo@1.4.2',
      server_name: 'web-1',
      transaction: 'GET /users/:id',
      mechanism: 'auto.middleware.express',
      handled: 'no',
      url: 'http://localhost:3000/users/42',
      user: 'ip:203.0.113.9',
      runtime: 'node v20.20.2',
      'runtime.name': 'node',
      os: 'Linux 6.1.0',
      'os.name': 'Linux',
    });
  });

  it('fills {{auto}} with the client IP and filters the cookie header', () => {
    expect(event.user?.ipAddress).toBe('203.0.113.9');
    expect(event.request?.headers).toContainEqual(['cookie', '[Filtered]']);
    expect(event.request?.query).toEqual([]);
  });

  it('turns breadcrumb timestamps into ISO strings', () => {
    expect(event.breadcrumbs.map((b) => b.timestamp)).toEqual([
      '2026-11-21T09:59:59.500Z',
      '2026-11-21T09:59:59.900Z',
    ]);
    expect(event.breadcrumbs[1]!.data).toEqual({ method: 'GET', status_code: 500 });
  });

  it('keeps contexts as objects', () => {
    expect(event.contexts.runtime).toEqual({ name: 'node', version: 'v20.20.2' });
  });
});

describe('normalizeEvent input checks', () => {
  it.each([null, [], 'event', 42, true])('refuses a non-object payload (%j) as malformed', (raw) => {
    expect(() => normalizeEvent(raw, ctx)).toThrow(IngestError);
    expect(() => normalizeEvent(raw, ctx)).toThrow('event payload is not a JSON object');
  });

  it('normalizes an empty object to a complete default event', () => {
    const event = normalizeEvent({}, ctx);
    expect(event).toMatchObject({
      platform: 'other',
      level: 'error',
      type: 'default',
      title: '<unlabeled event>',
      culprit: '',
      message: null,
      exceptions: [],
      stacktrace: null,
      user: null,
      request: null,
      sdk: null,
      fingerprint: null,
      handled: null,
      timestamp: RECEIVED,
    });
    expect(event.eventId).toMatch(/^[0-9a-f]{32}$/);
    expect(event.tags).toEqual([['level', 'error']]);
  });

  // Totality: every field the normalizer reads, given every JSON type, must not throw.
  const FIELDS = [
    'event_id',
    'timestamp',
    'platform',
    'level',
    'logger',
    'transaction',
    'server_name',
    'release',
    'dist',
    'environment',
    'message',
    'logentry',
    'exception',
    'stacktrace',
    'threads',
    'tags',
    'contexts',
    'extra',
    'user',
    'request',
    'breadcrumbs',
    'sdk',
    'fingerprint',
    'culprit',
  ];
  const VALUES: unknown[] = [
    null,
    0,
    -1,
    1e308,
    'x',
    '',
    true,
    [],
    {},
    [null],
    [1, 'a'],
    [[1, 2]],
    { values: 5 },
    { values: [null, 1] },
    { frames: 'x' },
    { frames: [null, 1, 'f', { lineno: 'a', in_app: 'yes' }] },
    { message: 5, params: 'x' },
  ];
  it.each(FIELDS)('survives any JSON type in %s', (field) => {
    for (const value of VALUES) {
      const event = normalizeEvent(
        {
          [field]: value,
          exception: { values: [{ [field]: value, stacktrace: { frames: [{ [field]: value }] } }] },
        },
        ctx,
      );
      expect(typeof event.title).toBe('string');
      expect(JSON.parse(JSON.stringify(event))).toBeTruthy();
    }
  });
});

describe('normalizeEvent identity and time', () => {
  it('takes the payload event_id, normalized to 32 lowercase hex', () => {
    const event = normalizeEvent({ event_id: '9EC79C33-EC99-42AB-8353-589FCB2E04DC' }, ctx);
    expect(event.eventId).toBe('9ec79c33ec9942ab8353589fcb2e04dc');
  });

  it('falls back to the envelope event_id, then to a fresh one', () => {
    const fromEnvelope = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    expect(normalizeEvent({ event_id: 'nope' }, { ...ctx, eventIdFromEnvelope: fromEnvelope }).eventId).toBe(
      fromEnvelope,
    );
    const a = normalizeEvent({}, ctx).eventId;
    const b = normalizeEvent({}, ctx).eventId;
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });

  it.each([
    ['RFC 3339 with zone', '2026-11-21T09:00:00.5+01:00', Date.parse('2026-11-21T08:00:00.500Z')],
    ['RFC 3339 without zone (UTC)', '2026-11-21T09:00:00', Date.parse('2026-11-21T09:00:00Z')],
    ['unix seconds float', 1_795_251_600.25, Date.parse('2026-11-21T09:00:00.250Z')],
    ['unix seconds as string', '1795251600', Date.parse('2026-11-21T09:00:00Z')],
    ['a past date (kept)', '2020-01-01T00:00:00Z', Date.parse('2020-01-01T00:00:00Z')],
    ['garbage', 'yesterday', RECEIVED],
    ['a loose date Date.parse would accept', 'March 7', RECEIVED],
    ['negative', -5, RECEIVED],
    ['absurd future', '2999-01-01T00:00:00Z', RECEIVED],
    ['two minutes ahead (beyond drift allowance)', RECEIVED / 1000 + 120, RECEIVED],
    ['thirty seconds ahead (within drift allowance)', RECEIVED / 1000 + 30, RECEIVED + 30_000],
  ])('timestamp: %s', (_name, timestamp, expected) => {
    expect(normalizeEvent({ timestamp }, ctx).timestamp).toBe(expected);
  });

  it.each([
    ['warn', 'warning'],
    ['WARNING', 'warning'],
    ['critical', 'fatal'],
    ['log', 'info'],
    ['debug', 'debug'],
    ['sample', 'sample'],
    [40, 'error'],
    [20, 'info'],
    ['constructor', 'error'],
    ['bogus', 'error'],
    [undefined, 'error'],
  ])('level %j becomes %s', (level, expected) => {
    expect(normalizeEvent({ level }, ctx).level).toBe(expected);
  });

  it('stringifies numeric fingerprint parts and treats an empty fingerprint as none', () => {
    expect(normalizeEvent({ fingerprint: ['a', 2, null, {}] }, ctx).fingerprint).toEqual(['a', '2']);
    expect(normalizeEvent({ fingerprint: [] }, ctx).fingerprint).toBeNull();
  });

  it('reports handled: true only when every mechanism says so', () => {
    const ex = (handled?: boolean) => ({
      type: 'E',
      mechanism: handled === undefined ? { type: 'x' } : { type: 'x', handled },
    });
    expect(normalizeEvent({ exception: [ex(true), ex(true)] }, ctx).handled).toBe(true);
    expect(normalizeEvent({ exception: [ex(true), ex(false)] }, ctx).handled).toBe(false);
    expect(normalizeEvent({ exception: [ex()] }, ctx).handled).toBeNull();
  });
});
