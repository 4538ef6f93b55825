/**
 * Turns a transport response into typed data with a lenient schema, or a
 * `SentryInvalidResponseError` (reason `schema`) naming the first offending fields. Resources call
 * these and nothing else to read a body, so "the body does not fit" is classified the same way
 * for every operation.
 */
import type { z } from 'zod';
import { snippet } from './error-from-response';
import { SentryInvalidResponseError } from './errors';
import { type ListResult, pageInfo } from './pagination';
import type { UpstreamRequest, UpstreamResponse } from './transport';

export function parseBody<S extends z.ZodType>(
  schema: S,
  req: UpstreamRequest,
  res: UpstreamResponse,
): z.output<S> {
  const parsed = schema.safeParse(res.body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new SentryInvalidResponseError(
    {
      operation: req.operation,
      method: req.method,
      path: req.path,
      reason: 'schema',
      status: res.status,
      bodySnippet: res.body === undefined ? null : snippet(JSON.stringify(res.body) ?? ''),
      message: `response does not match the expected shape (${issues})`,
    },
    { cause: parsed.error },
  );
}

// One array schema per item schema: zod compiles a schema's fast path on its first parse, so a
// fresh `.array()` per call would pay that again on every list answer.
const arraySchemas = new WeakMap<z.ZodType, z.ZodArray<z.ZodType>>();

function arrayOf<S extends z.ZodType>(itemSchema: S): z.ZodArray<S> {
  let schema = arraySchemas.get(itemSchema);
  if (!schema) {
    schema = itemSchema.array();
    arraySchemas.set(itemSchema, schema);
  }
  return schema as z.ZodArray<S>;
}

export function parseList<S extends z.ZodType>(
  itemSchema: S,
  req: UpstreamRequest,
  res: UpstreamResponse,
): ListResult<z.output<S>> {
  return { data: parseBody(arrayOf(itemSchema), req, res), page: pageInfo(res) };
}
