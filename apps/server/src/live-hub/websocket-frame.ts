/**
 * A WebSocket text frame (RFC 6455 §5.2: FIN, opcode 1, unmasked as a server sends) built once,
 * so one event fanned out to thousands of sockets is framed once instead of once per socket. The
 * hub writes these bytes to each connection's TCP socket, the same socket ws writes to; that is
 * only sound while ws itself transforms nothing (no extension negotiated, so no compression) and
 * every write happens synchronously in order, which `live-connection.ts` checks per socket.
 */

export function textFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, headerLength);
  return frame;
}
