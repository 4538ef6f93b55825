/**
 * Stored events read back whole whichever way their body was kept: derived from the raw payload
 * (new rows), deflated with a named dictionary (symbolicated rows), or inline in `data` (rows from
 * before migration 0018); and `data` holds only the head, with every field queries read.
 */
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, postEnvelope } from '../../testing/envelopes';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';
import { nodeErrorEvent } from '../fixtures/sentry-node-envelope';
import { normalizeEvent } from '../normalize/normalize-event';
import { deflateWithDictionary, inflateWithDictionary } from './body-dictionary';
import { encodeBody, headOf, RAW_NORMALIZE, readStoredEvent, STORED_EVENT_COLUMNS } from './event-body';

let server: StoreServer;

beforeAll(async () => {
  server = await startStoreServer();
});
afterAll(() => server.close());

const storedRow = (eventId: string) =>
  server.store.db
    .selectFrom('events')
    .select(['id', 'issue_id', 'timestamp', 'received_at', ...STORED_EVENT_COLUMNS])
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();

async function eventDetail(issueId: number, eventId: string) {
  const response = await server.api(
    `/api/0/organizations/${server.org}/issues/${issueId}/events/${eventId}/`,
  );
  expect(response.status).toBe(200);
  return (await response.json()) as {
    entries: Array<{ type: string; data: { values: Array<Record<string, unknown>> } }>;
    contexts: Record<string, unknown>;
  };
}

describe('stored event bodies', () => {
  it('keep the head in data and read back the whole event the raw payload normalizes to', async () => {
    const event = { ...nodeErrorEvent(), event_id: 'e1'.repeat(16) };
    const res = await postEnvelope(
      server.url,
      server.projectId,
      server.publicKey,
      gzipSync(envelopeOf(event)),
      { 'content-encoding': 'gzip' },
    );
    expect(res.status).toBe(200);
    const row = await storedRow(event.event_id);
    expect(row.body_encoding).toBe(RAW_NORMALIZE);
    expect(row.body).toBeNull();

    const expected = normalizeEvent(event, {
      projectId: Number(server.projectId),
      receivedAt: row.received_at,
      eventIdFromEnvelope: event.event_id,
      clientIp: '127.0.0.1',
    });
    expect(expected.exceptions[0]?.frames.length).toBeGreaterThan(0);
    expect(expected.breadcrumbs.length).toBeGreaterThan(0);
    expect(readStoredEvent(row)).toEqual(expected);

    // What SQL and Discover read stays in the head, without the frames and breadcrumbs.
    const head = JSON.parse(row.data);
    expect(head).toEqual(JSON.parse(JSON.stringify(headOf(expected))));
    expect(head).toMatchObject({ release: expected.release, environment: expected.environment });
    expect(head.exceptions[0]).toMatchObject({ type: expected.exceptions[0]?.type });
    expect(head.exceptions[0].frames).toBeUndefined();
    expect(head.breadcrumbs).toBeUndefined();
    expect(row.data.length).toBeLessThan(JSON.stringify(expected).length / 2);

    const detail = await eventDetail(row.issue_id, event.event_id);
    expect(framesOf(detail)).toHaveLength(expected.exceptions[0]!.frames.length);
    expect(detail.entries.some((entry) => entry.type === 'breadcrumbs')).toBe(true);
    expect(detail.contexts).toEqual(expected.contexts);
  });

  it('read rows stored before migration 0018 (the whole event in data) as they were', async () => {
    const event = normalizeEvent(nodeErrorEvent(), { projectId: Number(server.projectId), receivedAt: 1 });
    const template = await storedRow((await anyStoredEventId()) as string);
    const eventId = 'b'.repeat(32);
    // The columns and values the writer used before 0018: body and body_encoding left to their defaults.
    await sql`insert into events (event_id, project_id, issue_id, timestamp, received_at, data, raw, raw_encoding, size)
      values (${eventId}, ${Number(server.projectId)}, ${template.issue_id}, ${template.timestamp}, 1,
        ${JSON.stringify({ ...event, eventId })}, '{}', 'identity', 2)`.execute(server.store.db);
    const row = await storedRow(eventId);
    expect(row.body_encoding).toBe('inline');
    expect(readStoredEvent(row)).toEqual({ ...event, eventId });
    const detail = await eventDetail(template.issue_id, eventId);
    expect(framesOf(detail)).toHaveLength(event.exceptions[0]!.frames.length);
  });

  it('read a body deflated with its dictionary, and name an unknown dictionary', () => {
    const event = normalizeEvent(nodeErrorEvent(), { projectId: 1, receivedAt: 1 });
    const stored = encodeBody(event);
    expect(stored.bodyEncoding).toBe('json+deflate:1');
    const row = {
      data: JSON.stringify(headOf(event)),
      body: stored.body,
      body_encoding: stored.bodyEncoding,
      raw: '{}',
      raw_encoding: 'identity',
    };
    expect(readStoredEvent(row)).toEqual(event);
    expect(() => readStoredEvent({ ...row, body_encoding: 'json+deflate:99' })).toThrow(
      /unknown compression dictionary: 99/,
    );
    expect(() => readStoredEvent({ ...row, body_encoding: 'lzma' })).toThrow(/unknown encoding: lzma/);
  });

  it('compress event JSON better with the trained dictionary than without', () => {
    const json = Buffer.from(JSON.stringify(nodeErrorEvent()));
    const { bytes, dictionary } = deflateWithDictionary(json);
    expect(inflateWithDictionary(bytes, dictionary)).toEqual(json);
    expect(bytes.length).toBeLessThan(gzipSync(json).length);
  });
});

type EventDetail = Awaited<ReturnType<typeof eventDetail>>;

function framesOf(detail: EventDetail): unknown[] {
  const exception = detail.entries.find((entry) => entry.type === 'exception');
  const stacktrace = exception?.data.values[0]?.stacktrace as { frames: unknown[] } | undefined;
  return stacktrace?.frames ?? [];
}

async function anyStoredEventId(): Promise<string | undefined> {
  const row = await server.store.db.selectFrom('events').select('event_id').executeTakeFirst();
  return row?.event_id;
}
