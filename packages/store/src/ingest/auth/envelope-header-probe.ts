/**
 * Reads only the first line of an envelope body, the envelope header, as its bytes arrive: the
 * only part ingest needs to authenticate a request whose key is in the header's `dsn` (tunnelled
 * browser envelopes). Unauthenticated requests must cost little, so the rest of the body is never
 * decompressed here.
 *
 * Invariants:
 * - At most `maxHeaderBytes` of decoded output per stage (plus one zlib chunk): a decompression
 *   stage is destroyed as soon as it has produced more, so a gzip bomb costs a few KiB of work.
 * - Leading whitespace is skipped as `parseEnvelope` does; a header longer than the cap is malformed.
 * - Every failure is an IngestError (400 for corrupt or unsupported data), never a raw zlib error.
 */
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { IngestError, malformed } from '../ingest-error';

export interface EnvelopeHeaderProbe {
  /** The envelope header's text, once its newline (or the end of the body) was decoded. */
  readonly header: Promise<string>;
  write(chunk: Buffer): void;
  /** The body is complete: a header without a newline is the whole envelope. */
  end(): void;
  /** Stops decoding; the header promise stays as it is. */
  close(): void;
}

// Small zlib output chunks, so a stage is stopped close to the cap.
const CHUNK_BYTES = 4 * 1024;
const NEWLINE = 0x0a;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
// An inner stage (`gzip, br`) may take this many times the cap: compressed bytes are fewer than
// the output they make, and no real SDK stacks encodings anyway.
const INNER_STAGE_FACTOR = 4;
// zstd is accepted only where Node ships it (as in decode-body.ts).
const createZstdDecompress: unknown = Reflect.get(zlib, 'createZstdDecompress');

export function createEnvelopeHeaderProbe(
  contentEncoding: string | undefined,
  maxHeaderBytes: number,
): EnvelopeHeaderProbe {
  let settle: { resolve(text: string): void; reject(error: unknown): void };
  const header = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody may be listening yet when a failure comes first; the reader awaits it later.
  header.catch(() => {});
  let done = false;
  const decoded: Buffer[] = [];
  let decodedBytes = 0;

  let stages: Transform[] = [];
  let started = false;
  const finish = (outcome: { text: string } | { error: unknown }) => {
    if (done) return;
    done = true;
    for (const stage of stages) stage.destroy();
    if ('text' in outcome) settle.resolve(outcome.text);
    else settle.reject(outcome.error);
  };

  const take = (chunk: Buffer) => {
    if (done) return;
    decoded.push(chunk);
    decodedBytes += chunk.length;
    const text = Buffer.concat(decoded);
    const start = text.findIndex((byte) => !WHITESPACE.has(byte));
    if (start === -1) {
      if (decodedBytes > maxHeaderBytes)
        finish({ error: malformed('envelope body starts with only whitespace') });
      return;
    }
    const newline = text.indexOf(NEWLINE, start);
    const length = (newline === -1 ? text.length : newline) - start;
    if (length > maxHeaderBytes) {
      finish({
        error: malformed(`envelope header is longer than ${maxHeaderBytes} bytes (missing newline?)`),
      });
    } else if (newline !== -1) finish({ text: text.toString('utf8', start, newline) });
  };

  const endOfBody = () => {
    if (done) return;
    const text = Buffer.concat(decoded).toString('utf8').trim();
    finish(text === '' ? { error: malformed('envelope header missing') } : { text });
  };

  const wire = (built: Transform[]) => {
    stages = built;
    built.forEach((stage, index) => {
      let produced = 0;
      const next = stages[index + 1];
      stage.on('data', (chunk: Buffer) => {
        produced += chunk.length;
        if (next) {
          // An inner stage needs only as many compressed bytes as can make its capped output.
          if (produced > INNER_STAGE_FACTOR * maxHeaderBytes) {
            finish({ error: malformed(`envelope header not found in the first ${produced} decoded bytes`) });
          } else next.write(chunk);
        } else take(chunk);
      });
      stage.on('end', () => (next ? next.end() : endOfBody()));
      stage.on('error', (error: Error) =>
        finish({
          error: malformed(`invalid ${stageName(contentEncoding, index)} body: ${error.message}`, error),
        }),
      );
    });
  };

  return {
    header,
    write(chunk) {
      if (done || chunk.length === 0) return;
      if (!started) {
        started = true;
        try {
          wire(decodersFor(contentEncoding, chunk));
        } catch (error) {
          finish({ error });
          return;
        }
      }
      const first = stages[0];
      if (first) first.write(chunk);
      else take(chunk);
    },
    end() {
      const first = stages[0];
      if (first) first.end();
      else endOfBody();
    },
    close() {
      for (const stage of stages) stage.destroy();
      if (!done) finish({ error: new IngestError(400, 'request body ended early') });
    },
  };
}

/** Outermost encoding first: `Content-Encoding: gzip, br` was gzipped, then br'd. */
function encodingsOf(contentEncoding: string | undefined): string[] {
  return (contentEncoding ?? '')
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== '' && token !== 'identity')
    .reverse();
}

function stageName(contentEncoding: string | undefined, index: number): string {
  return encodingsOf(contentEncoding)[index] ?? 'encoded';
}

function decodersFor(contentEncoding: string | undefined, firstBytes: Buffer): Transform[] {
  return encodingsOf(contentEncoding).map((encoding, index) => {
    const options = { chunkSize: CHUNK_BYTES };
    switch (encoding) {
      case 'gzip':
      case 'x-gzip':
        return zlib.createGunzip(options);
      case 'deflate':
        // HTTP deflate is zlib-wrapped, but some clients send it raw (as decode-body.ts accepts).
        return index > 0 || looksZlibWrapped(firstBytes)
          ? zlib.createInflate(options)
          : zlib.createInflateRaw(options);
      case 'br':
        return zlib.createBrotliDecompress(options);
      case 'zstd':
        if (typeof createZstdDecompress === 'function') return createZstdDecompress(options) as Transform;
        throw malformed(`unsupported content-encoding: ${encoding}`);
      default:
        throw malformed(`unsupported content-encoding: ${encoding}`);
    }
  });
}

/** RFC 1950: compression method 8, window <= 32 KiB, and the header's check bits. */
function looksZlibWrapped(bytes: Buffer): boolean {
  const cmf = bytes[0] ?? 0;
  const flg = bytes[1];
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7) return false;
  return flg === undefined || (cmf * 256 + flg) % 31 === 0;
}
