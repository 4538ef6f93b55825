/**
 * Gzip bodies that differ per request only in a few short values (event ids), without compressing
 * per request: the fixed text between the slots is deflated once, each segment ending with a sync
 * flush (byte-aligned, no back-references across it); a request's values go in as *stored*
 * (uncompressed) deflate blocks, and only the CRC-32 and length trailer is computed per request.
 * The result is one ordinary gzip member whose inflated bytes are exactly the template with the
 * values in place, so a server decodes it like any SDK's gzip body, at a client cost of one CRC pass.
 *
 * Invariant: values are at most 65,535 bytes (one stored block each).
 */
import zlib from 'node:zlib';

// ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=unix, as zlib writes it.
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]);

export interface GzipTemplate {
  /** Uncompressed size of the template text, placeholders included. */
  readonly textBytes: number;
  readonly slots: number;
  /** `values[i]` fills the i-th slot; a single string fills them all. */
  fill(values: string | readonly string[]): Buffer;
}

export function compileGzipTemplate(text: string, placeholder: string): GzipTemplate {
  const parts = text.split(placeholder).map((part) => Buffer.from(part, 'utf8'));
  const slots = parts.length - 1;
  const deflated = parts.map((part, i) =>
    zlib.deflateRawSync(part, {
      level: 6,
      finishFlush: i < slots ? zlib.constants.Z_SYNC_FLUSH : zlib.constants.Z_FINISH,
    }),
  );
  return {
    textBytes: Buffer.byteLength(text),
    slots,
    fill(values) {
      const pieces: Buffer[] = [GZIP_HEADER];
      let crc = 0;
      let length = 0;
      for (const [i, part] of parts.entries()) {
        pieces.push(deflated[i]!);
        crc = crc32(part, crc);
        length += part.length;
        if (i === slots) break;
        const value = Buffer.from(typeof values === 'string' ? values : (values[i] ?? ''), 'utf8');
        pieces.push(storedBlock(value));
        crc = crc32(value, crc);
        length += value.length;
      }
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(crc >>> 0, 0);
      trailer.writeUInt32LE(length >>> 0, 4);
      pieces.push(trailer);
      return Buffer.concat(pieces);
    },
  };
}

// zlib's crc32() of a NULL buffer returns the *initial* CRC (0), and an empty Buffer can have a
// NULL data pointer, which would reset the running CRC: empty input changes nothing, so skip it.
const crc32 = (data: Buffer, crc: number) => (data.length === 0 ? crc : zlib.crc32(data, crc));

/** A non-final stored deflate block: header bits 000 padded to a byte, LEN, NLEN, the bytes. */
function storedBlock(value: Buffer): Buffer {
  if (value.length > 0xffff) throw new RangeError(`stored block of ${value.length} bytes`);
  const header = Buffer.alloc(5);
  header.writeUInt16LE(value.length, 1);
  header.writeUInt16LE(~value.length & 0xffff, 3);
  return Buffer.concat([header, value]);
}
