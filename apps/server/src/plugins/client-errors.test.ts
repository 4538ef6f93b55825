/**
 * One error shape for every 4xx, Node's own refusals included (issue 23, finding 7). Before the
 * fix a 100 KB query string got Fastify's bare 431 (`{"error":"Request Header Fields Too Large",
 * "statusCode":431}`), so `error.code` below was missing.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../testing/test-dexter';

let dexter: TestDexter;
beforeAll(async () => {
  dexter = await startTestDexter();
});
afterAll(() => dexter.close());

/** Writes raw bytes and reads until the server closes the connection. */
function raw(request: string): Promise<{ status: number; body: unknown }> {
  const { port } = new URL(dexter.listenUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: JSON.parse(body) });
    });
    socket.end(request);
  });
}

describe("Node's refusals", () => {
  it('answer a 100 KB query string with 431 in Dexter’s error shape', async () => {
    const answer = await raw(`GET /api/v1/meta?q=${'a'.repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(answer.body).toEqual({
      error: {
        code: 'DEXTER_ERR_HEADERS_TOO_LARGE',
        message: expect.stringContaining('16384 bytes'),
        requestId: expect.any(String),
      },
    });
  });

  it('answer malformed HTTP with 400 in the same shape', async () => {
    const answer = await raw('NOT HTTP AT ALL\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: { code: 'DEXTER_ERR_VALIDATION', message: 'Malformed HTTP request' },
    });
  });
});
