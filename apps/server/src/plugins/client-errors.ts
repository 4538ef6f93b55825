/**
 * Requests Node refuses before Fastify sees them (headers or URL beyond the limit, malformed
 * HTTP, a request that took too long) get Dexter's error shape too, `{ error: { code, message,
 * requestId } }`, instead of Fastify's own: a client reads one shape for every 4xx.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type ErrorCode, errorCodes } from '../errors/error-codes';

/** Node's default, which the server keeps: the request line and headers together. */
export const MAX_HEADER_BYTES = 16 * 1024;

function answerOf(error: Error & { code?: string }): { code: ErrorCode; message: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      code: 'DEXTER_ERR_HEADERS_TOO_LARGE',
      message: `The request line and headers (the query string included) exceed ${MAX_HEADER_BYTES} bytes`,
    };
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { code: 'DEXTER_ERR_REQUEST_TIMEOUT', message: 'The request was not received in time' };
  }
  return { code: 'DEXTER_ERR_VALIDATION', message: 'Malformed HTTP request' };
}

export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  // A reset or an already answered socket has no one left to tell.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { code, message } = answerOf(error);
  const status = errorCodes[code];
  const body = JSON.stringify({ error: { code, message, requestId: randomUUID() } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      'X-Content-Type-Options: nosniff\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}
