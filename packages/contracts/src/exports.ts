/**
 * Query strings of the streamed exports: every issue of a search, or every event of an issue, as
 * CSV (RFC 4180, a header row), a JSON array, or NDJSON (one object per line). No row cap.
 */
import { z } from 'zod';
import { IssueListSortSchema, ProjectIdsParamSchema } from './issues';

export const ExportFormatSchema = z.enum(['csv', 'json', 'ndjson']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const IssueExportQuerySchema = z.object({
  format: ExportFormatSchema.default('csv'),
  /** Absent means `is:unresolved`, as in the list; `''` exports every issue. */
  query: z.string().max(2000).optional(),
  sort: IssueListSortSchema.optional(),
  project: ProjectIdsParamSchema.optional(),
  environment: z.union([z.string(), z.array(z.string())]).optional(),
  statsPeriod: z
    .string()
    .regex(/^\d{1,4}[mhdw]$/, 'must be a period like 24h or 14d')
    .optional(),
});
export type IssueExportQuery = z.infer<typeof IssueExportQuerySchema>;

export const EventExportQuerySchema = z.object({ format: ExportFormatSchema.default('csv') });
export type EventExportQuery = z.infer<typeof EventExportQuerySchema>;

/** Columns of the issue export, in order (CSV header; keys of each JSON object). */
export const ISSUE_EXPORT_COLUMNS = [
  'id',
  'shortId',
  'title',
  'culprit',
  'level',
  'status',
  'substatus',
  'priority',
  'count',
  'userCount',
  'firstSeen',
  'lastSeen',
  'project',
  'assignedTo',
  'permalink',
] as const;

/** Columns of the event export, in order. */
export const EVENT_EXPORT_COLUMNS = [
  'id',
  'dateCreated',
  'title',
  'message',
  'release',
  'environment',
  'userId',
  'userEmail',
  'tags',
] as const;
