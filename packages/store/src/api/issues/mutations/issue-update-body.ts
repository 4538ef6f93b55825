/**
 * Reads the body of issue mutations, single (`PUT /issues/{id}/`) and bulk (`PUT /issues/?id=…`),
 * with the shared wire schema (`IssueBulkUpdateSchema`, Sentry's `GroupValidator`). Validation
 * failures answer as DRF does, a 400 keyed by the offending field. A single update reads the bulk
 * body too, so `discard` is refused there as well, and the route ignores `merge`.
 */
import { type IssueBulkUpdate, IssueBulkUpdateSchema } from '@dexter/sentry-wire';
import { ApiError } from '../../api-error';

export function parseIssueUpdateBody(body: unknown): IssueBulkUpdate {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, 'Invalid body: expected a JSON object', {
      non_field_errors: ['Invalid data. Expected a dictionary.'],
    });
  }
  const parsed = IssueBulkUpdateSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const [field = 'body', ...rest] = (issue?.path ?? []).map(String);
  const message = issue?.message ?? 'Invalid value.';
  const errors = rest.length > 0 ? { [field]: { [rest.join('.')]: [message] } } : { [field]: [message] };
  throw new ApiError(400, `Invalid ${[field, ...rest].join('.')}: ${message}`, errors);
}

/** True when the body changes something besides status, which Sentry requires ids for. */
export const changesMoreThanStatus = (body: IssueBulkUpdate) =>
  Object.keys(body).some((key) => !['status', 'substatus', 'statusDetails'].includes(key));
