/**
 * Request bodies of the release and deploy endpoints, checked as Sentry's serializers check them
 * and refused with DRF's field map (`{"version": ["…"]}`). Versions follow Sentry's
 * `Release.is_valid_version`: at most 200 characters, not empty, not `.`/`..`/`latest`, no `/`
 * and no line breaks or tabs (a `/` could never be addressed: sentry-cli sends it as U+FFFD).
 */
import { ApiError, fieldError } from '../api-error';

/** Bodies are a few hundred bytes; anything near this is not a release (Fastify answers 413). */
export const RELEASE_BODY_LIMIT = 64 * 1024;
const MAX_VERSION = 200;
const MAX_REF = 200;
const MAX_ENVIRONMENT = 64;
const MAX_DEPLOY_NAME = 64;
const MAX_URL = 2048;

type Body = Record<string, unknown>;

export function bodyObject(body: unknown): Body {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new ApiError(400, 'Invalid request body: expected a JSON object');
  return body as Body;
}

export function isValidVersion(version: string): boolean {
  return (
    version.length > 0 &&
    version.length <= MAX_VERSION &&
    version.trim() === version &&
    !['.', '..', 'latest'].includes(version) &&
    !/[/\n\r\t\f\v]/.test(version)
  );
}

export function versionField(body: Body): string {
  const value = body.version;
  if (value === undefined || value === null) throw fieldError('version', 'This field is required.');
  if (typeof value !== 'string') throw fieldError('version', 'Not a valid string.');
  if (!isValidVersion(value))
    throw fieldError('version', `Release with name ${value.slice(0, 210)} is not allowed`);
  return value;
}

/** `projects`: slugs or ids; sentry-cli sends all-digit values as JSON integers. */
export function projectsField(body: Body, { required }: { required: boolean }): string[] | undefined {
  const value = body.projects;
  if (value === undefined || value === null) {
    if (required) throw fieldError('projects', 'This field is required.');
    return undefined;
  }
  if (!Array.isArray(value) || value.some((p) => typeof p !== 'string' && typeof p !== 'number'))
    throw fieldError('projects', 'Expected a list of project slugs or ids.');
  if (required && value.length === 0) throw fieldError('projects', 'This list may not be empty.');
  return value.map(String);
}

function optionalString(body: Body, field: string, max: number): string | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string') throw fieldError(field, 'Not a valid string.');
  if (value.length > max) throw fieldError(field, `Ensure this field has no more than ${max} characters.`);
  return value;
}

export const refField = (body: Body) => optionalString(body, 'ref', MAX_REF);
export const deployNameField = (body: Body) => optionalString(body, 'name', MAX_DEPLOY_NAME);

export function urlField(body: Body): string | null | undefined {
  const value = optionalString(body, 'url', MAX_URL);
  if (value === undefined || value === null || value === '') return value === '' ? null : value;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
    throw fieldError('url', 'Enter a valid URL.');
  return value;
}

/** An RFC 3339 date as epoch ms; `undefined` when absent, `null` when sent as null. */
export function dateField(body: Body, field: string): number | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  const ms = typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw fieldError(
      field,
      'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
    );
  return ms;
}

/** Sentry's `Environment.is_valid_name`: 1–64 characters, no `/` and no line breaks. */
export function environmentField(body: Body): string {
  const value = body.environment;
  if (value === undefined || value === null || value === '')
    throw fieldError('environment', 'This field is required.');
  if (typeof value !== 'string') throw fieldError('environment', 'Not a valid string.');
  if (value.length > MAX_ENVIRONMENT || /[/\n\r\t\f\v]/.test(value))
    throw fieldError('environment', 'Invalid value for environment');
  return value;
}
