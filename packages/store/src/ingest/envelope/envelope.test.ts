import { describe, expect, it } from 'vitest';
import { NODE_EVENT_ID, nodeErrorEnvelope, serializeEnvelope } from '../fixtures/sentry-node-envelope';
import { IngestError } from '../ingest-error';
import { parseEnvelope } from './envelope';

const limits = { maxItemBytes: 1024 * 1024 };
const parse = (text: string | Buffer) =>
  parseEnvelope(Buffer.isBuffer(text) ? text : Buffer.from(text), limits);

function failure(fn: () => unknown): IngestError {
  try {
    fn();
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error('expected an IngestError');
}

describe('parseEnvelope: what SDKs send', () => {
  it('parses @sentry/node 11 output: event + session items, no lengths, no trailing newline', () => {
    const buf = nodeErrorEnvelope();
    expect(buf.at(-1)).not.toBe(0x0a);
    const envelope = parseEnvelope(buf, limits);
    expect(envelope.headers.event_id).toBe(NODE_EVENT_ID);
    expect(envelope.headers.sdk).toEqual({ name: 'sentry.javascript.node', version: '11.12.0' });
    expect(envelope.headers.sent_at).toBe('2026-11-21T10:00:00.250Z');
    // Unknown-to-the-parser headers pass through.
    expect(envelope.headers.trace).toMatchObject({ environment: 'production' });
    expect(envelope.items.map((item) => item.headers.type)).toEqual(['event', 'session']);
    const event = JSON.parse(envelope.items[0]!.payload.toString('utf8'));
    expect(event.exception.values[0].type).toBe('TypeError');
    expect(JSON.parse(envelope.items[1]!.payload.toString('utf8')).status).toBe('ok');
  });

  it('accepts a trailing newline', () => {
    const envelope = parse('{}\n{"type":"event"}\n{"a":1}\n');
    expect(envelope.items).toHaveLength(1);
    expect(envelope.items[0]!.payload.toString()).toBe('{"a":1}');
  });

  it('accepts an empty envelope (headers only), with or without newline', () => {
    expect(parse('{"dsn":"https://k@h/1"}').items).toEqual([]);
    expect(parse('{"dsn":"https://k@h/1"}\n').items).toEqual([]);
  });

  it('reads an explicit length in UTF-8 bytes, not characters', () => {
    const payload = '{"message":"héllo 🌍"}';
    const bytes = Buffer.byteLength(payload);
    expect(bytes).toBeGreaterThan(payload.length);
    const envelope = parse(`{}\n{"type":"event","length":${bytes}}\n${payload}\n{"type":"session"}\n{}`);
    expect(envelope.items[0]!.payload.toString('utf8')).toBe(payload);
    expect(envelope.items[1]!.headers.type).toBe('session');
  });

  it('keeps a binary attachment with newlines inside intact when it has a length', () => {
    const binary = Buffer.from([0x00, 0x0a, 0xff, 0x0a, 0x0a, 0x0d, 0x7b]);
    const buf = serializeEnvelope({ event_id: NODE_EVENT_ID }, [
      [{ type: 'event' }, { message: 'with attachment' }],
      [
        {
          type: 'attachment',
          length: binary.length,
          filename: 'dump.bin',
          content_type: 'application/octet-stream',
        },
        binary,
      ],
    ]);
    const envelope = parseEnvelope(buf, limits);
    const attachment = envelope.items[1]!;
    expect(attachment.payload.equals(binary)).toBe(true);
    expect(attachment.headers).toMatchObject({
      filename: 'dump.bin',
      content_type: 'application/octet-stream',
      length: 7,
    });
  });

  it('accepts a zero-length item at the end of the body', () => {
    const envelope = parse('{}\n{"type":"attachment","length":0}');
    expect(envelope.items[0]!.payload.length).toBe(0);
  });

  it('gives an item with no length and nothing after its header an empty payload', () => {
    expect(parse('{}\n{"type":"client_report"}').items[0]!.payload.length).toBe(0);
  });

  it('keeps items of unknown type for the caller to skip', () => {
    const envelope = parse('{}\n{"type":"future_thing","x":1}\n{"y":2}\n{"type":"event"}\n{}');
    expect(envelope.items.map((item) => item.headers.type)).toEqual(['future_thing', 'event']);
    expect(envelope.items[0]!.headers.x).toBe(1);
  });

  it('skips blank lines between items and after the last one, like Relay', () => {
    const envelope = parse('{}\n\n{"type":"event"}\n{"a":1}\n\n\n{"type":"session"}\n{"b":2}\n\n');
    expect(envelope.items.map((item) => item.payload.toString())).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('tolerates CRLF line ends around headers but leaves payload bytes alone', () => {
    const envelope = parse('{}\r\n{"type":"event"}\r\n{"a":1}\r\n');
    expect(envelope.items[0]!.headers.type).toBe('event');
    // The "\r" belongs to the payload by the grammar; JSON.parse ignores it, the parser must not strip it.
    expect(envelope.items[0]!.payload.toString()).toBe('{"a":1}\r');
  });

  it('normalizes the envelope event_id to 32 lowercase hex', () => {
    expect(parse('{"event_id":"9EC79C33-EC99-42AB-8353-589FCB2E04DC"}').headers.event_id).toBe(
      '9ec79c33ec9942ab8353589fcb2e04dc',
    );
  });

  it('drops informational headers of the wrong type instead of failing', () => {
    const envelope = parse('{"sent_at":12,"sdk":"node"}');
    expect(envelope.headers.sent_at).toBeUndefined();
    expect(envelope.headers.sdk).toBeUndefined();
  });

  it('treats a null length as absent', () => {
    expect(parse('{}\n{"type":"event","length":null}\n{"a":1}').items[0]!.payload.toString()).toBe('{"a":1}');
  });

  it('returns payloads as views of the input (no copy)', () => {
    const buf = Buffer.from('{}\n{"type":"event"}\n{"a":1}');
    expect(parseEnvelope(buf, limits).items[0]!.payload.buffer).toBe(buf.buffer);
  });
});

describe('parseEnvelope: malformed envelopes', () => {
  it.each([
    ['empty body', '', 'envelope header missing'],
    ['whitespace only', ' \n\n', 'envelope header missing'],
    ['header not JSON', 'hello\n{"type":"event"}\n{}', 'envelope header is not valid JSON'],
    ['header is an array', '[1]\n', 'envelope header is not a JSON object'],
    ['header is null', 'null', 'envelope header is not a JSON object'],
    ['event_id not a uuid', '{"event_id":"abc"}', 'envelope header event_id is not a UUID'],
    ['event_id a number', '{"event_id":42}', 'envelope header event_id is not a UUID'],
    ['dsn not a string', '{"dsn":{}}', 'envelope header dsn is not a string'],
    [
      'item header not JSON',
      '{}\n{"type":"event"}\n{}\n{type:session}\n{}',
      'envelope item 2: header is not valid JSON',
    ],
    ['item header not an object', '{}\n"event"\n{}', 'envelope item 1: header is not a JSON object'],
    ['item without type', '{}\n{"length":2}\n{}', 'envelope item 1: header has no type'],
    ['item with empty type', '{}\n{"type":""}\n{}', 'envelope item 1: header has no type'],
    [
      'length too long',
      '{}\n{"type":"attachment","length":500}\nabc',
      'envelope item 1: length 500 exceeds remaining 3 bytes',
    ],
    [
      'length negative',
      '{}\n{"type":"attachment","length":-1}\n',
      'envelope item 1: length is not a non-negative integer',
    ],
    [
      'length fractional',
      '{}\n{"type":"attachment","length":1.5}\nab',
      'envelope item 1: length is not a non-negative integer',
    ],
    [
      'length a string',
      '{}\n{"type":"attachment","length":"3"}\nabc',
      'envelope item 1: length is not a non-negative integer',
    ],
    [
      'length too short',
      '{}\n{"type":"attachment","length":2}\nabc\n',
      'envelope item 1: payload of length 2 is not followed by a newline',
    ],
  ])('%s', (_name, body, message) => {
    const error = failure(() => parse(body));
    expect(error.status).toBe(400);
    expect(error.detail).toBe(message);
  });

  it('refuses a header line longer than 64 KiB (a missing newline, not a real header)', () => {
    const error = failure(() => parse(`{"x":"${'a'.repeat(70_000)}"}`));
    expect(error.status).toBe(400);
    expect(error.detail).toContain('envelope header is longer than 65536 bytes');
  });
});

describe('parseEnvelope: size limits', () => {
  it('refuses an event item over maxItemBytes with 413 naming the item', () => {
    const big = JSON.stringify({ message: 'x'.repeat(2000) });
    const error = failure(() =>
      parseEnvelope(Buffer.from(`{}\n{"type":"session"}\n{}\n{"type":"event"}\n${big}`), {
        maxItemBytes: 1000,
      }),
    );
    expect(error.status).toBe(413);
    expect(error.detail).toBe(`envelope item 2 (event): ${big.length} bytes exceeds the 1000-byte limit`);
  });

  it('applies the limit to transactions, and to explicit-length items', () => {
    const body = `{}\n{"type":"transaction","length":1500}\n${'x'.repeat(1500)}`;
    expect(failure(() => parseEnvelope(Buffer.from(body), { maxItemBytes: 1000 })).status).toBe(413);
  });

  it('does not apply the event limit to attachments', () => {
    const body = `{}\n{"type":"attachment","length":1500}\n${'x'.repeat(1500)}`;
    expect(parseEnvelope(Buffer.from(body), { maxItemBytes: 1000 }).items[0]!.payload.length).toBe(1500);
  });

  it('refuses more items than maxItems', () => {
    const body = `{}${'\n{"type":"client_report"}\n{}'.repeat(4)}`;
    const error = failure(() => parseEnvelope(Buffer.from(body), { maxItemBytes: 1000, maxItems: 3 }));
    expect(error.status).toBe(413);
    expect(error.detail).toBe('envelope has more than 3 items');
  });
});
