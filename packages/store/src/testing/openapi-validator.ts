/**
 * Validates store responses against the 200-response schema of the matching operation in
 * Sentry's official OpenAPI spec, read from `../shared/specs/sentry/openapi.json` at run time.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const sentrySpecPath = resolve(repoRoot, '../shared/specs/sentry/openapi.json');

interface Spec {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>
  >;
}

let spec: Spec | null = null;
const loadSpec = (): Spec => {
  spec ??= JSON.parse(readFileSync(sentrySpecPath, 'utf8')) as Spec;
  return spec;
};

const ajv = new Ajv({ strict: false, allErrors: true });
// ajv-formats is published as CommonJS; its default export arrives wrapped under ESM.
const addFormats =
  (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

/** `specPath` as written in the spec, e.g. `/api/0/organizations/{organization_id_or_slug}/issues/`. */
export function responseValidator(method: string, specPath: string, status = '200'): ValidateFunction {
  const key = `${method} ${specPath} ${status}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const schema =
    loadSpec().paths[specPath]?.[method.toLowerCase()]?.responses?.[status]?.content?.['application/json']
      ?.schema;
  if (!schema) throw new Error(`no ${status} JSON schema for ${key} in the Sentry spec`);
  const validate = ajv.compile(schema);
  compiled.set(key, validate);
  return validate;
}

export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
}
