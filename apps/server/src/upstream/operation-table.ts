/**
 * The operation table (`config/api-mappings.yaml`), parsed once at boot: which Dexter route serves
 * an operation, which Sentry endpoint it calls, and how the upstream pipeline treats it (cache
 * class and tags, tags a mutation invalidates, retry safety, rate-budget cost, required role).
 *
 * Invariants:
 * - a bad file stops the start with a message naming the operation and the field at fault;
 * - every tag names a kind `cache-tags.ts` defines, and is parsed into a template as the table
 *   loads, so filling it per request makes typed `CacheTag`s and never builds a string by hand;
 * - every cache row names a declared cache class, caches only a GET, and every `{param}` in a tag
 *   is a parameter of the row's `sentry:` path, so tag interpolation can never leave a hole;
 * - path parameters are matched against the *encoded* path `apiPath` built, and decoded before they
 *   go into a tag, so `issue:{issue_id}` is the same tag whoever computes it (a route, a webhook);
 * - a path that does not match its operation's template throws: a tag silently dropped would leave
 *   a stale answer in the cache after a mutation.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Query } from '@dexter/sentry-client';
import { parse } from 'yaml';
import { z } from 'zod';
import type { CacheTag } from './cache-tags';
import { answerIssueTags } from './derived-tags';
import { fillTags, parseTagTemplate, type TagTemplate } from './tag-templates';

export const DEFAULT_OPERATION_TABLE_PATH = fileURLToPath(
  new URL('../../../../config/api-mappings.yaml', import.meta.url),
);

const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

const DurationSchema = z.string().transform((text, ctx) => {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration like 15s, 5m or 1h` });
    return z.NEVER;
  }
  return Number(match[1]) * DURATION_UNITS_MS[match[2] as keyof typeof DURATION_UNITS_MS];
});

const EndpointSchema = z.string().transform((text, ctx) => {
  const match = /^(GET|POST|PUT|PATCH|DELETE) (\/\S*)$/.exec(text.trim());
  if (!match) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" is not "METHOD /path" (GET, POST, PUT, PATCH, DELETE)`,
    });
    return z.NEVER;
  }
  return { method: match[1] as EndpointMethod, path: match[2]! };
});

const CacheClassSchema = z.strictObject({ ttl: DurationSchema, staleFor: DurationSchema });

const TagSchema = z.string().transform((text, ctx) => {
  const parsed = parseTagTemplate(text);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed.template;
});

const OperationRowSchema = z.strictObject({
  dexter: EndpointSchema.optional(),
  sentry: EndpointSchema.optional(),
  legacy: EndpointSchema.optional(),
  cache: z.strictObject({ class: z.string(), tags: z.array(TagSchema).default([]) }).optional(),
  invalidates: z.array(TagSchema).default([]),
  idempotent: z.boolean().default(false),
  cost: z.number().int().positive().default(1),
  // `public`: reachable without signing in (sign-in itself); the others are ranked viewer < triager < admin.
  role: z.enum(['public', 'viewer', 'triager', 'admin']).optional(),
  // `false`: its requests write no audit entries (machine deliveries that are no one's action).
  audit: z.boolean().default(true),
});

const OperationFileSchema = z
  .strictObject({
    cacheClasses: z.record(z.string(), CacheClassSchema).default({}),
    operations: z.record(z.string(), OperationRowSchema),
  })
  .superRefine((file, ctx) => {
    for (const [name, row] of Object.entries(file.operations)) {
      const at = (...rest: string[]) => ['operations', name, ...rest];
      const params = new Set(paramNames(row.sentry?.path ?? ''));
      if (row.cache) {
        if (!Object.hasOwn(file.cacheClasses, row.cache.class)) {
          const known = Object.keys(file.cacheClasses).join(', ');
          ctx.addIssue({
            code: 'custom',
            path: at('cache', 'class'),
            message: `unknown class "${row.cache.class}" (known: ${known})`,
          });
        }
        if (row.sentry?.method !== 'GET') {
          ctx.addIssue({
            code: 'custom',
            path: at('cache'),
            message: 'only a GET `sentry:` endpoint can be cached',
          });
        }
      }
      const tagFields = [
        [['cache', 'tags'], row.cache?.tags ?? []],
        [['invalidates'], row.invalidates],
      ] as const;
      for (const [field, templates] of tagFields) {
        templates.forEach((template, index) => {
          if (template.type !== 'path' || params.has(template.param)) return;
          ctx.addIssue({
            code: 'custom',
            path: at(...field, String(index)),
            message: `tag "${template.text}" uses {${template.param}}, which the sentry: path lacks`,
          });
        });
      }
    }
  });

export type EndpointMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Endpoint = { method: EndpointMethod; path: string };
export type CacheClass = z.infer<typeof CacheClassSchema>;
export type OperationRow = z.infer<typeof OperationRowSchema>;
export type Role = NonNullable<OperationRow['role']>;
export interface DexterRoute extends Endpoint {
  operation: string;
}

const PARAM = /\{([^{}]+)\}/g;

const paramNames = (template: string): string[] => [...template.matchAll(PARAM)].map((m) => m[1]!);

function compileTemplate(template: string): RegExp {
  const source = template
    .split(PARAM)
    // split with a capture group alternates literal text and parameter names
    .map((part, index) => (index % 2 === 0 ? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '([^/]+)'))
    .join('');
  return new RegExp(`^${source}$`);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export class OperationTableError extends Error {
  override readonly name = 'OperationTableError';
}

function describeIssue(source: string, issue: z.core.$ZodIssue): string {
  const [section, name, ...rest] = issue.path.map(String);
  const field = rest.length > 0 ? `, field "${rest.join('.')}"` : '';
  if (section === 'operations' && name !== undefined)
    return `${source}: operation "${name}"${field}: ${issue.message}`;
  if (section === 'cacheClasses' && name !== undefined)
    return `${source}: cache class "${name}"${field}: ${issue.message}`;
  return `${source}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`;
}

/** Parses the table's YAML text; `source` names the file in error messages. */
export function parseOperationTable(text: string, source = 'api-mappings.yaml') {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new OperationTableError(`${source}: not valid YAML: ${(error as Error).message}`);
  }
  const result = OperationFileSchema.safeParse(raw);
  if (!result.success) {
    throw new OperationTableError(
      result.error.issues.map((issue) => describeIssue(source, issue)).join('\n'),
    );
  }
  return createOperationTable(result.data.cacheClasses, result.data.operations);
}

/** Reads and parses the table; synchronous because it runs once, before the server listens. */
export function loadOperationTable(path = DEFAULT_OPERATION_TABLE_PATH) {
  return parseOperationTable(readFileSync(path, 'utf8'), path);
}

function createOperationTable(classes: Record<string, CacheClass>, rows: Record<string, OperationRow>) {
  const matchers = new Map<string, RegExp>();
  for (const [name, row] of Object.entries(rows)) {
    if (row.sentry) matchers.set(name, compileTemplate(row.sentry.path));
  }
  const row = (name: string): OperationRow | undefined =>
    Object.hasOwn(rows, name) ? rows[name] : undefined;
  // Lists whose page tells more tags once it has arrived (`{=answer-issues}`).
  const answerTagged = new Set(
    Object.entries(rows)
      .filter(([, r]) => r.cache?.tags.some((t) => t.type === 'derived' && t.name === 'answer-issues'))
      .map(([name]) => name),
  );

  const matchSentryPath = (name: string, path: string): Record<string, string> | null => {
    const template = row(name)?.sentry?.path;
    const match = matchers.get(name)?.exec(path);
    if (!template || !match) return null;
    const names = paramNames(template);
    return Object.fromEntries(names.map((param, index) => [param, safeDecode(match[index + 1]!)]));
  };

  const fill = (
    name: string,
    path: string,
    templates: readonly TagTemplate[],
    request: { query?: Query | undefined; body?: unknown },
  ): CacheTag[] => {
    if (templates.length === 0) return [];
    const params = matchSentryPath(name, path);
    if (!params) {
      throw new OperationTableError(
        `${name}: path ${path} does not match ${row(name)?.sentry?.path ?? '(no sentry: path)'}`,
      );
    }
    return fillTags(templates, { params, ...request });
  };

  return {
    get: row,
    all: (): Array<[string, OperationRow]> => Object.entries(rows),
    cacheClassOf(name: string): { ttlMs: number; staleForMs: number } | null {
      const cacheClass = classes[row(name)?.cache?.class ?? ''];
      return cacheClass ? { ttlMs: cacheClass.ttl, staleForMs: cacheClass.staleFor } : null;
    },
    matchSentryPath,
    /** A cached read's tags known before the answer: from its path and query. */
    tagsFor: (name: string, path: string, query?: Query): CacheTag[] =>
      fill(name, path, row(name)?.cache?.tags ?? [], { query }),
    /** A cached read's tags that only its answer tells (`{=answer-issues}`). */
    answerTagsFor: (name: string, answer: unknown): CacheTag[] =>
      answerTagged.has(name) ? answerIssueTags(answer) : [],
    invalidatesFor: (name: string, path: string, query?: Query, body?: unknown): CacheTag[] =>
      fill(name, path, row(name)?.invalidates ?? [], { query, body }),
    isIdempotent: (name: string): boolean => row(name)?.idempotent ?? false,
    costOf: (name: string): number => row(name)?.cost ?? 1,
    roleOf: (name: string): Role | null => row(name)?.role ?? null,
    dexterRoutes: (): DexterRoute[] =>
      Object.entries(rows).flatMap(([operation, r]) => (r.dexter ? [{ ...r.dexter, operation }] : [])),
  };
}

export type OperationTable = ReturnType<typeof createOperationTable>;
