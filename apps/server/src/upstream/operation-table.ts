/**
 * The operation table (`config/api-mappings.yaml`), parsed once at boot. It has two sections:
 * - `upstream:` the Sentry calls. Each row says which Sentry endpoint the operation calls
 *   (`sentry:`, and `legacy:` for an older generation) and how the pipeline treats it: cache class
 *   and tags, tags a mutation invalidates, retry safety, rate-budget cost. The Sentry client's
 *   operation names are its keys.
 * - `routes:` Dexter's own `/api/v1` routes. A route's `schema.operationId` names its row, which
 *   gives its endpoint, the role it needs and whether its changes are audited.
 *
 * Invariants:
 * - a bad file stops the start with a message naming the row and the field at fault;
 * - every tag names a kind `cache-tags.ts` defines, and is parsed into a template as the table
 *   loads; every `{param}` in a tag is a parameter of the row's `sentry:` path, so filling a tag
 *   can never leave a hole;
 * - every cache row names a declared cache class and caches only a GET;
 * - path parameters are matched against the *encoded* path `apiPath` built, and decoded before they
 *   go into a tag, so `issue:{issue_id}` is the same tag whoever computes it (a route, a webhook);
 * - a path that does not match its operation's template throws: a tag silently dropped would leave
 *   a stale answer in the cache after a mutation;
 * - every route has a role, and no two rows name the same route.
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

const UpstreamRowSchema = z.strictObject({
  sentry: EndpointSchema,
  legacy: EndpointSchema.optional(),
  cache: z.strictObject({ class: z.string(), tags: z.array(TagSchema).default([]) }).optional(),
  invalidates: z.array(TagSchema).default([]),
  idempotent: z.boolean().default(false),
  cost: z.number().int().positive().default(1),
});

const RouteRowSchema = z.strictObject({
  dexter: EndpointSchema,
  // `public`: reachable without signing in (sign-in itself); the others are ranked viewer < triager < admin.
  role: z.enum(['public', 'viewer', 'triager', 'admin']),
  // `false`: its requests write no audit entries (machine deliveries that are no one's action).
  audit: z.boolean().default(true),
});

const OperationFileSchema = z
  .strictObject({
    cacheClasses: z.record(z.string(), CacheClassSchema).default({}),
    upstream: z.record(z.string(), UpstreamRowSchema).default({}),
    routes: z.record(z.string(), RouteRowSchema).default({}),
  })
  .superRefine((file, ctx) => {
    for (const [name, row] of Object.entries(file.upstream)) {
      const at = (...rest: string[]) => ['upstream', name, ...rest];
      if (row.cache) {
        if (!Object.hasOwn(file.cacheClasses, row.cache.class)) {
          const known = Object.keys(file.cacheClasses).join(', ');
          ctx.addIssue({
            code: 'custom',
            path: at('cache', 'class'),
            message: `unknown class "${row.cache.class}" (known: ${known})`,
          });
        }
        if (row.sentry.method !== 'GET') {
          ctx.addIssue({
            code: 'custom',
            path: at('cache'),
            message: 'only a GET `sentry:` endpoint can be cached',
          });
        }
      }
      const params = new Set(paramNames(row.sentry.path));
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
    const routeOf = new Map<string, string>();
    for (const [name, row] of Object.entries(file.routes)) {
      const endpoint = `${row.dexter.method} ${row.dexter.path}`;
      if (!row.dexter.path.startsWith('/api/v1/')) {
        ctx.addIssue({
          code: 'custom',
          path: ['routes', name, 'dexter'],
          message: 'a route is under /api/v1/',
        });
      }
      const other = routeOf.get(endpoint);
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['routes', name, 'dexter'],
          message: `${endpoint} is already the route of "${other}"`,
        });
      }
      routeOf.set(endpoint, name);
    }
  });

export type EndpointMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Endpoint = { method: EndpointMethod; path: string };
export type CacheClass = z.infer<typeof CacheClassSchema>;
/** One upstream operation: a Sentry endpoint and how the pipeline treats calls to it. */
export type UpstreamOperation = z.infer<typeof UpstreamRowSchema>;
export type Role = z.infer<typeof RouteRowSchema>['role'];
/** One of Dexter's own routes; `operation` is its `schema.operationId`. */
export interface DexterRoute extends Endpoint {
  operation: string;
  role: Role;
  /** Whether its state-changing requests write audit entries. */
  audit: boolean;
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

const SECTION_ROWS: Record<string, string> = {
  upstream: 'operation',
  routes: 'route',
  cacheClasses: 'cache class',
};

/** Fields of another section, for a row (or a section) written in the wrong place. */
const MISPLACED: Record<string, { fields: readonly string[]; hint: string }> = {
  '': { fields: ['operations'], hint: 'the sections are cacheClasses, upstream and routes' },
  upstream: { fields: ['dexter', 'role', 'audit'], hint: 'dexter:, role: and audit: belong in routes:' },
  routes: {
    fields: ['sentry', 'legacy', 'cache', 'invalidates', 'idempotent', 'cost'],
    hint: 'a Sentry call is a row of upstream:',
  },
};

function describeIssue(source: string, issue: z.core.$ZodIssue): string {
  const [section = '', name, ...rest] = issue.path.map(String);
  const field = rest.length > 0 ? `, field "${rest.join('.')}"` : '';
  const misplaced = MISPLACED[section];
  const hint =
    issue.code === 'unrecognized_keys' &&
    misplaced &&
    issue.keys.some((key) => misplaced.fields.includes(key))
      ? ` (${misplaced.hint})`
      : '';
  const row = SECTION_ROWS[section];
  if (row && name !== undefined) return `${source}: ${row} "${name}"${field}: ${issue.message}${hint}`;
  return `${source}: ${issue.path.join('.') || '(top level)'}: ${issue.message}${hint}`;
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
  const { cacheClasses, upstream, routes } = result.data;
  return createOperationTable(cacheClasses, upstream, routes);
}

/** Reads and parses the table; synchronous because it runs once, before the server listens. */
export function loadOperationTable(path = DEFAULT_OPERATION_TABLE_PATH) {
  return parseOperationTable(readFileSync(path, 'utf8'), path);
}

const own = <T>(record: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

function createOperationTable(
  classes: Record<string, CacheClass>,
  upstream: Record<string, UpstreamOperation>,
  routes: Record<string, z.infer<typeof RouteRowSchema>>,
) {
  const matchers = new Map<string, RegExp>();
  for (const [name, row] of Object.entries(upstream)) matchers.set(name, compileTemplate(row.sentry.path));
  const operation = (name: string): UpstreamOperation | undefined => own(upstream, name);
  // Lists whose page tells more tags once it has arrived (`{=answer-issues}`).
  const answerTagged = new Set(
    Object.entries(upstream)
      .filter(([, row]) => row.cache?.tags.some((t) => t.type === 'derived' && t.name === 'answer-issues'))
      .map(([name]) => name),
  );
  const dexterRoutes: DexterRoute[] = Object.entries(routes).map(([id, row]) => ({
    ...row.dexter,
    operation: id,
    role: row.role,
    audit: row.audit,
  }));
  const routeById = new Map(dexterRoutes.map((route) => [route.operation, route]));

  const matchSentryPath = (name: string, path: string): Record<string, string> | null => {
    const template = operation(name)?.sentry.path;
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
        `${name}: path ${path} does not match ${operation(name)?.sentry.path ?? '(no upstream: row)'}`,
      );
    }
    return fillTags(templates, { params, ...request });
  };

  return {
    /** The upstream operation of that name (the Sentry client's `operation`). */
    operation,
    operations: (): Array<[string, UpstreamOperation]> => Object.entries(upstream),
    /** The route whose `schema.operationId` is `id`. */
    route: (id: string): DexterRoute | undefined => routeById.get(id),
    dexterRoutes: (): DexterRoute[] => [...dexterRoutes],
    roleOf: (id: string): Role | null => routeById.get(id)?.role ?? null,
    cacheClassOf(name: string): { ttlMs: number; staleForMs: number } | null {
      const cacheClass = own(classes, operation(name)?.cache?.class ?? '');
      return cacheClass ? { ttlMs: cacheClass.ttl, staleForMs: cacheClass.staleFor } : null;
    },
    matchSentryPath,
    /** A cached read's tags known before the answer: from its path and query. */
    tagsFor: (name: string, path: string, query?: Query): CacheTag[] =>
      fill(name, path, operation(name)?.cache?.tags ?? [], { query }),
    /** A cached read's tags that only its answer tells (`{=answer-issues}`). */
    answerTagsFor: (name: string, answer: unknown): CacheTag[] =>
      answerTagged.has(name) ? answerIssueTags(answer) : [],
    invalidatesFor: (name: string, path: string, query?: Query, body?: unknown): CacheTag[] =>
      fill(name, path, operation(name)?.invalidates ?? [], { query, body }),
    isIdempotent: (name: string): boolean => operation(name)?.idempotent ?? false,
    costOf: (name: string): number => operation(name)?.cost ?? 1,
  };
}

export type OperationTable = ReturnType<typeof createOperationTable>;
