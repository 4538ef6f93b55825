/**
 * Typed readers for the entries of a Web API event (`event.entries[]`, `{type, data}`).
 *
 * The Web API uses camelCase (`absPath`, `lineNo`, `colNo`, `inApp`) where SDK payloads and
 * webhooks use snake_case (`abs_path`, `lineno`, `in_app`); these schemas are the camelCase side.
 * Frames are ordered oldest to newest: the crashing frame is the last one.
 *
 * Invariant: a reader returns the entry's data, or null when the entry is absent or its data is
 * unreadable; it never throws, because one odd entry must not hide the rest of an event. Parts
 * that Sentry fills inconsistently (`context`, `vars`, request pairs) degrade to null on their own.
 */
import { z } from 'zod';
import { IdSchema, OptionalBoolean, OptionalNumber, OptionalString } from './common';

export const FrameSchema = z.looseObject({
  filename: OptionalString,
  absPath: OptionalString,
  module: OptionalString,
  package: OptionalString,
  platform: OptionalString,
  function: OptionalString,
  rawFunction: OptionalString,
  lineNo: OptionalNumber,
  colNo: OptionalNumber,
  inApp: OptionalBoolean,
  /** `[[lineNo, sourceLine], …]` around `lineNo`. */
  context: z
    .array(z.tuple([z.number(), z.string().nullable()]))
    .nullish()
    .catch(null),
  vars: z.record(z.string(), z.unknown()).nullish().catch(null),
  instructionAddr: OptionalString,
  symbol: OptionalString,
  symbolAddr: OptionalString,
  trust: OptionalString,
});
export type WebApiFrame = z.infer<typeof FrameSchema>;

export const StacktraceSchema = z.looseObject({
  frames: z.array(FrameSchema).nullish(),
  hasSystemFrames: OptionalBoolean,
});

export const ExceptionValueSchema = z.looseObject({
  type: OptionalString,
  value: OptionalString,
  module: OptionalString,
  threadId: IdSchema.nullish(),
  mechanism: z.looseObject({ type: OptionalString, handled: OptionalBoolean }).nullish(),
  stacktrace: StacktraceSchema.nullish(),
  rawStacktrace: StacktraceSchema.nullish(),
});

export const ExceptionEntryDataSchema = z.looseObject({
  values: z.array(ExceptionValueSchema).nullish(),
  hasSystemFrames: OptionalBoolean,
});
export type ExceptionEntryData = z.infer<typeof ExceptionEntryDataSchema>;

export const BreadcrumbSchema = z.looseObject({
  type: OptionalString,
  category: OptionalString,
  level: OptionalString,
  message: OptionalString,
  timestamp: z.union([z.string(), z.number()]).nullish(),
  data: z.record(z.string(), z.unknown()).nullish().catch(null),
  event_id: OptionalString,
});

export const BreadcrumbsEntryDataSchema = z.looseObject({ values: z.array(BreadcrumbSchema).nullish() });
export type BreadcrumbsEntryData = z.infer<typeof BreadcrumbsEntryDataSchema>;

const PairsSchema = z.array(z.tuple([z.string(), z.string().nullable()]));

export const RequestEntryDataSchema = z.looseObject({
  url: OptionalString,
  method: OptionalString,
  /** Usually `[[key, value]]`; a raw query string on some older events. */
  query: z.union([PairsSchema, z.string()]).nullish().catch(null),
  headers: PairsSchema.nullish().catch(null),
  cookies: z.unknown().optional(),
  data: z.unknown().optional(),
  env: z.record(z.string(), z.unknown()).nullish().catch(null),
  fragment: OptionalString,
  inferredContentType: OptionalString,
});
export type RequestEntryData = z.infer<typeof RequestEntryDataSchema>;

export const MessageEntryDataSchema = z.looseObject({
  formatted: OptionalString,
  message: OptionalString,
  params: z.unknown().optional(),
});
export type MessageEntryData = z.infer<typeof MessageEntryDataSchema>;

/** Anything with Web API entries: an `Event`, or an `EventListItem` fetched with `full=true`. */
export interface WithEntries {
  entries?: ReadonlyArray<{ type: string; data?: unknown }> | null;
}

function readEntry<S extends z.ZodType>(event: WithEntries, type: string, schema: S): z.output<S> | null {
  const entry = event.entries?.find((candidate) => candidate.type === type);
  if (!entry) return null;
  const parsed = schema.safeParse(entry.data);
  return parsed.success ? parsed.data : null;
}

export const getExceptionEntry = (event: WithEntries): ExceptionEntryData | null =>
  readEntry(event, 'exception', ExceptionEntryDataSchema);

export const getBreadcrumbsEntry = (event: WithEntries): BreadcrumbsEntryData | null =>
  readEntry(event, 'breadcrumbs', BreadcrumbsEntryDataSchema);

export const getRequestEntry = (event: WithEntries): RequestEntryData | null =>
  readEntry(event, 'request', RequestEntryDataSchema);

export const getMessageEntry = (event: WithEntries): MessageEntryData | null =>
  readEntry(event, 'message', MessageEntryDataSchema);
