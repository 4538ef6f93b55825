/**
 * Checks requests against a vendor's published OpenAPI document (`../shared/specs/vendors/`):
 * the path must be one of the spec's path templates for that method, required query/path
 * parameters present, and a JSON body must satisfy the operation's request-body schema (ajv).
 * The GitHub spec has `nullable` without `type` in ~145 places, which ajv refuses: stripped on load.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../..');
export const vendorSpecPath = (file: string) => resolve(repoRoot, '../shared/specs/vendors', file);

interface Operation {
  operationId?: string;
  parameters?: Array<{ $ref?: string; name?: string; in?: string; required?: boolean }>;
  requestBody?: { $ref?: string; required?: boolean; content?: Record<string, { schema?: object }> };
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown>>;
}

function stripTypelessNullable(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) stripTypelessNullable(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if ('nullable' in record && !('type' in record)) delete record.nullable;
  for (const value of Object.values(record)) stripTypelessNullable(value);
}

export interface ContractViolation {
  method: string;
  path: string;
  problem: string;
}

export function openApiContract(file: string, apiRoot = '') {
  const buffer = readFileSync(vendorSpecPath(file));
  const spec = JSON.parse((file.endsWith('.gz') ? gunzipSync(buffer) : buffer).toString('utf8')) as Spec;
  stripTypelessNullable(spec);
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  const addFormats =
    (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  addFormats(ajv);
  ajv.addSchema(spec as object, 'spec');
  const templates = Object.keys(spec.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    literal: template.replace(/\{[^}]+\}/g, '').length,
  }));
  const compiled = new Map<string, ValidateFunction>();
  const pointer = (...parts: string[]) =>
    `spec#/${parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
  const resolveRef = <T>(value: T & { $ref?: string }): T => {
    if (!value.$ref) return value;
    const parts = value.$ref.replace(/^#\//, '').split('/');
    return parts.reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], spec) as T;
  };

  return {
    /** The spec's operation for this request, or a violation. */
    check(
      method: string,
      url: string,
      body: unknown,
    ): { operationId: string | null; violations: ContractViolation[] } {
      const { pathname, searchParams } = new URL(url, 'http://fake');
      const path = pathname.slice(apiRoot.length);
      const lower = method.toLowerCase();
      // The most literal template wins (`/repos/{o}/{r}/issues` over `/repos/{o}/{r}/{x}`).
      const match = templates
        .filter(({ template, pattern }) => pattern.test(path) && spec.paths[template]?.[lower])
        .sort((a, b) => b.literal - a.literal)[0];
      if (!match)
        return {
          operationId: null,
          violations: [{ method, path, problem: 'no such operation in the spec' }],
        };
      const operation = spec.paths[match.template]![lower]!;
      const violations: ContractViolation[] = [];
      for (const parameter of (operation.parameters ?? []).map((p) => resolveRef(p))) {
        if (parameter.in === 'query' && parameter.required && !searchParams.has(parameter.name ?? ''))
          violations.push({ method, path, problem: `required query parameter ${parameter.name} missing` });
      }
      const requestBody = operation.requestBody ? resolveRef(operation.requestBody) : undefined;
      if (requestBody?.content?.['application/json']) {
        if (body === undefined) {
          if (requestBody.required) violations.push({ method, path, problem: 'required JSON body missing' });
        } else {
          const key = `${lower} ${match.template}`;
          let validate = compiled.get(key);
          if (!validate) {
            const ref = operation.requestBody?.$ref
              ? `spec#${operation.requestBody.$ref.slice(1)}/content/application~1json/schema`
              : pointer(
                  'paths',
                  match.template,
                  lower,
                  'requestBody',
                  'content',
                  'application/json',
                  'schema',
                );
            validate = ajv.compile({ $ref: ref });
            compiled.set(key, validate);
          }
          if (!validate(body))
            for (const error of validate.errors ?? [])
              violations.push({ method, path, problem: `body${error.instancePath} ${error.message ?? ''}` });
        }
      } else if (body !== undefined && lower !== 'get') {
        violations.push({ method, path, problem: 'the spec takes no JSON body here' });
      }
      return { operationId: operation.operationId ?? null, violations };
    },
  };
}
