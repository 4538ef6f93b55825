/**
 * The body of issue mutations, single (`PUT /issues/{id}/`) and bulk (`PUT /issues/?id=…`):
 * Sentry's `GroupValidator` (spec `PUT /organizations/{org}/issues/`). Validation failures answer
 * as DRF does, a 400 keyed by the offending field.
 *
 * Leniency kept on purpose: `null` for any `statusDetails` number means "not set", and
 * `assignedTo: ""` unassigns like `null`, since clients send both.
 */
import { z } from 'zod';
import { ApiError } from '../../api-error';

export const IGNORED_SUBSTATUSES = [
  'archived_until_escalating',
  'archived_until_condition_met',
  'archived_forever',
] as const;
export const UNRESOLVED_SUBSTATUSES = ['escalating', 'ongoing', 'regressed', 'new'] as const;

const MINUTES = z.number().int().min(1).nullish();
const WEEK_OF_MINUTES = 10_080;

const StatusDetailsSchema = z.looseObject({
  inRelease: z.string().min(1).nullish(),
  inNextRelease: z.boolean().nullish(),
  inCommit: z.unknown().optional(),
  ignoreDuration: MINUTES,
  ignoreCount: MINUTES,
  ignoreWindow: MINUTES.refine(
    (v) => (v ?? 0) <= WEEK_OF_MINUTES,
    'Ensure this value is less than or equal to 10080.',
  ),
  ignoreUserCount: MINUTES,
  ignoreUserWindow: MINUTES.refine(
    (v) => (v ?? 0) <= WEEK_OF_MINUTES,
    'Ensure this value is less than or equal to 10080.',
  ),
});

export const IssueUpdateBodySchema = z.object({
  status: z.enum(['resolved', 'unresolved', 'ignored', 'resolvedInNextRelease', 'muted']).optional(),
  substatus: z.enum([...IGNORED_SUBSTATUSES, ...UNRESOLVED_SUBSTATUSES]).nullish(),
  statusDetails: StatusDetailsSchema.optional(),
  assignedTo: z.string().nullable().optional(),
  hasSeen: z.boolean().optional(),
  isBookmarked: z.boolean().optional(),
  isSubscribed: z.boolean().optional(),
  isPublic: z.boolean().optional(),
  inbox: z.boolean().optional(),
  priority: z.enum(['low', 'medium', 'high']).optional(),
  merge: z.boolean().optional(),
  discard: z.boolean().optional(),
});
export type IssueUpdateBody = z.infer<typeof IssueUpdateBodySchema>;
export type StatusDetailsInput = z.infer<typeof StatusDetailsSchema>;

export function parseIssueUpdateBody(body: unknown): IssueUpdateBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, 'Invalid body: expected a JSON object', {
      non_field_errors: ['Invalid data. Expected a dictionary.'],
    });
  }
  const parsed = IssueUpdateBodySchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const [field = 'body', ...rest] = (issue?.path ?? []).map(String);
  const message = issue?.message ?? 'Invalid value.';
  const errors = rest.length > 0 ? { [field]: { [rest.join('.')]: [message] } } : { [field]: [message] };
  throw new ApiError(400, `Invalid ${[field, ...rest].join('.')}: ${message}`, errors);
}

/** True when the body changes something besides status, which Sentry requires ids for. */
export const changesMoreThanStatus = (body: IssueUpdateBody) =>
  Object.keys(body).some((key) => !['status', 'substatus', 'statusDetails'].includes(key));
