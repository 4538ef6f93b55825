import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createEnvelopeHeaderProbe } from './envelope-header-probe';

const HEADER = '{"dsn":"http://k@h/1"}';
const envelope = Buffer.from(`${HEADER}\n{"type":"event"}\n{"message":"x"}`);

function probeAll(body: Buffer, encoding: string | undefined, chunkBytes = 512) {
  const probe = createEnvelopeHeaderProbe(encoding, 64 * 1024);
  for (let at = 0; at < body.length; at += chunkBytes) probe.write(body.subarray(at, at + chunkBytes));
  probe.end();
  return probe.header;
}

describe('createEnvelopeHeaderProbe', () => {
  it.each([
    ['identity', envelope, undefined],
    ['gzip', gzipSync(envelope), 'gzip'],
    ['zlib deflate', deflateSync(envelope), 'deflate'],
    ['raw deflate', deflateRawSync(envelope), 'deflate'],
    ['br', brotliCompressSync(envelope), 'br'],
    ['gzip then br', brotliCompressSync(gzipSync(envelope)), 'gzip, br'],
  ])('reads the header line of a %s body', async (_name, body, encoding) => {
    await expect(probeAll(body, encoding)).resolves.toBe(HEADER);
  });

  it('takes a header-only envelope without a newline, skipping leading whitespace', async () => {
    await expect(probeAll(Buffer.from(`\n  ${HEADER}`), undefined)).resolves.toBe(HEADER);
  });

  it('stops a newline-less gzip bomb at the header cap with a 400', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 'a'));
    await expect(probeAll(bomb, 'gzip', 64 * 1024)).rejects.toMatchObject({
      status: 400,
      detail: expect.stringMatching(/longer than 65536 bytes/),
    });
  });

  it('names a corrupt or unsupported encoding with a 400', async () => {
    await expect(probeAll(Buffer.from('not gzip at all'), 'gzip')).rejects.toMatchObject({
      status: 400,
      detail: expect.stringMatching(/invalid gzip body/),
    });
    await expect(probeAll(envelope, 'compress')).rejects.toMatchObject({
      status: 400,
      detail: 'unsupported content-encoding: compress',
    });
  });
});
