/**
 * The only place that maps errors to HTTP statuses. Every failure of a Dexter route renders as
 * `{ error: { code, message, requestId } }`; 5xx internals are logged, never sent.
 */
import { SentryUpstreamError } from '@dexter/sentry-client';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DexterError, type ErrorCode, errorCodes } from '../errors/error-codes';

function send(
  reply: FastifyReply,
  request: FastifyRequest,
  code: ErrorCode,
  message: string,
  details?: unknown,
) {
  return reply
    .code(errorCodes[code])
    .send({ error: { code, message, requestId: request.id, ...(details === undefined ? {} : { details }) } });
}

function upstreamMessage(error: SentryUpstreamError): string {
  switch (error.code) {
    case 'DEXTER_ERR_UPSTREAM_NOT_FOUND':
      return `Sentry has no such resource (${error.method} ${error.path})`;
    case 'DEXTER_ERR_UPSTREAM_AUTH':
      return 'Sentry refused Dexter’s token; check SENTRY_TOKEN';
    case 'DEXTER_ERR_UPSTREAM_FORBIDDEN':
      return 'Sentry does not allow this for Dexter’s token';
    case 'DEXTER_ERR_UPSTREAM_RATE_LIMITED':
      return 'Sentry’s rate limit was reached; try again shortly';
    case 'DEXTER_ERR_UPSTREAM_TIMEOUT':
      return 'Sentry did not answer in time';
    case 'DEXTER_ERR_UPSTREAM_BAD_RESPONSE':
      return 'Sentry answered with something that is not its API (HTML, garbage or a truncated body)';
    default:
      return error.message;
  }
}

export const errorHandlerPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof DexterError) return send(reply, request, error.code, error.message, error.details);
    if (error instanceof SentryUpstreamError) {
      request.log.warn({ err: error }, 'upstream call failed');
      return send(reply, request, error.code, upstreamMessage(error));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      const where = `${error.validationContext ?? 'request'}${first?.instancePath ? first.instancePath.replace(/\//g, '.') : ''}`;
      return send(
        reply,
        request,
        'DEXTER_ERR_VALIDATION',
        `Invalid ${where}: ${first?.message ?? 'invalid value'}`,
        {
          issues: error.validation.map((v) => ({ path: v.instancePath, message: v.message })),
        },
      );
    }
    const status = 'statusCode' in error ? error.statusCode : undefined;
    if (status === 413)
      return send(reply, request, 'DEXTER_ERR_PAYLOAD_TOO_LARGE', 'Request body is too large');
    if (status === 429) return send(reply, request, 'DEXTER_ERR_RATE_LIMITED', error.message);
    if (status && status >= 400 && status < 500)
      return send(reply, request, 'DEXTER_ERR_VALIDATION', error.message);
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, request, 'DEXTER_ERR_INTERNAL', 'Internal error');
  });

  app.setNotFoundHandler((request, reply) =>
    send(
      reply,
      request,
      'DEXTER_ERR_NOT_FOUND',
      `No route for ${request.method} ${request.url.split('?')[0]}`,
    ),
  );
});
