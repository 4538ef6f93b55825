import { z } from 'zod';

export const AuditResultSchema = z.enum(['success', 'denied', 'failure']);
export type AuditResult = z.infer<typeof AuditResultSchema>;

export const AuditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.object({
    userId: z.number().nullable(),
    name: z.string().nullable(),
    kind: z.enum(['session', 'token', 'anonymous']),
  }),
  /** The operation id of the route (`issues.update`, `auth.signIn`, ...). */
  action: z.string(),
  targets: z.record(z.string(), z.string()),
  result: AuditResultSchema,
  status: z.number(),
  sourceIp: z.string().nullable(),
  requestId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  result: AuditResultSchema.optional(),
  /** Matches any target id exactly (an issue id, a user id, an org slug). */
  target: z.string().max(200).optional(),
  since: z.iso.datetime().optional(),
  until: z.iso.datetime().optional(),
  cursor: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditListSchema = z.object({
  entries: z.array(AuditEntrySchema),
  nextCursor: z.number().nullable(),
});
export type AuditList = z.infer<typeof AuditListSchema>;
