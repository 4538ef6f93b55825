// The one-line summaries Sentry computes for every event: message, title, culprit and metadata.
//
// Rules follow Sentry's server (src/sentry/eventtypes/{error,base}.py, utils/event culprit.py):
// - error events: metadata from the LAST (thrown) exception; type defaults to "Error" and is left
//   out for synthetic mechanisms; title is "<type>: <first line of value, 100 chars>", or the type
//   alone when there is no value, or the crash function / "<unknown>" when there is no type.
// - default events: title is the first line of the message, 100 chars, or "<unlabeled event>".
// - culprit: SDK `culprit`, else transaction, else the crash frame of the last stack (innermost
//   in-app frame, else innermost frame) as "<module or filename> in <function>" and, for
//   JavaScript/Node, "<function>(<module or filename>)"; else the request URL; else "".

import { str, truncate } from './coerce';
import {
  type EventMetadata,
  type InAppFrameMix,
  LIMITS,
  type NormalizedException,
  type NormalizedFrame,
} from './normalized-event';

const TITLE_CHARS = 100;
const METADATA_TYPE_CHARS = 128;
const METADATA_VALUE_CHARS = 1024;

export interface SummaryInput {
  platform: string;
  message: string | null;
  transaction: string | null;
  exceptions: NormalizedException[];
  stacktrace: NormalizedFrame[] | null;
  requestUrl: string | null;
  sdkCulprit: unknown;
}

export function summarize(input: SummaryInput): { title: string; culprit: string; metadata: EventMetadata } {
  const frames = crashStack(input);
  const metadata =
    input.exceptions.length > 0 ? errorMetadata(input.exceptions, frames) : defaultMetadata(input);
  const allFrames = [...input.exceptions.flatMap((e) => e.frames), ...(input.stacktrace ?? [])];
  const mix = frameMix(allFrames);
  if (mix !== null) metadata.in_app_frame_mix = mix;
  return { title: title(input, metadata), culprit: culprit(input, frames), metadata };
}

function errorMetadata(exceptions: NormalizedException[], frames: NormalizedFrame[]): EventMetadata {
  const main = exceptions.at(-1);
  const metadata: EventMetadata = { value: truncate(main?.value ?? '', METADATA_VALUE_CHARS) };
  if (main?.mechanism?.synthetic !== true)
    metadata.type = truncate(main?.type ?? 'Error', METADATA_TYPE_CHARS);
  // Sentry skips frames without a usable function when naming the crash location.
  const crash = crashFrame(frames.filter((f) => f.function !== null && f.function !== '<unknown>'));
  const filename = crash?.filename ?? crash?.absPath ?? null;
  if (filename !== null) metadata.filename = filename;
  if (crash?.function) metadata.function = crash.function;
  return metadata;
}

function defaultMetadata(input: SummaryInput): EventMetadata {
  const line = firstLine(input.message);
  return line === '' ? {} : { title: truncate(line, TITLE_CHARS) };
}

function title(input: SummaryInput, metadata: EventMetadata): string {
  if (input.exceptions.length === 0) return metadata.title ?? '<unlabeled event>';
  if (metadata.type === undefined) return metadata.function ?? '<unknown>';
  const value = firstLine(metadata.value ?? null);
  return value === '' ? metadata.type : `${metadata.type}: ${truncate(value, TITLE_CHARS)}`;
}

function culprit(input: SummaryInput, frames: NormalizedFrame[]): string {
  const explicit = str(input.sdkCulprit, LIMITS.shortString) ?? input.transaction;
  if (explicit !== null) return truncate(explicit, LIMITS.shortString);
  // Synthetic exceptions (e.g. captureMessage with attachStacktrace) point at SDK plumbing.
  if (input.exceptions.at(-1)?.mechanism?.synthetic === true) return '';
  const frame = crashFrame(frames.filter((f) => frameCulprit(f, input.platform) !== ''));
  const fromFrame = frame === null ? '' : frameCulprit(frame, input.platform);
  return truncate(fromFrame || (input.requestUrl ?? ''), LIMITS.shortString);
}

function frameCulprit(frame: NormalizedFrame, eventPlatform: string): string {
  const platform = frame.platform ?? eventPlatform;
  if (platform === 'native' || platform === 'cocoa' || platform === 'objc') return frame.function ?? '?';
  const location = frame.module ?? frame.filename;
  if (location === null) return '';
  const fn = frame.function ?? '?';
  return platform === 'javascript' || platform === 'node' ? `${fn}(${location})` : `${location} in ${fn}`;
}

/** Frames of the last exception that has any, else the exception-less stack. */
function crashStack(input: SummaryInput): NormalizedFrame[] {
  if (input.exceptions.length === 0) return input.stacktrace ?? [];
  const withFrames = input.exceptions.filter((e) => e.frames.length > 0);
  return withFrames.at(-1)?.frames ?? [];
}

/** The innermost in-app frame, else the innermost frame. */
function crashFrame(frames: NormalizedFrame[]): NormalizedFrame | null {
  return frames.findLast((f) => f.inApp) ?? frames.at(-1) ?? null;
}

function frameMix(frames: NormalizedFrame[]): InAppFrameMix | null {
  if (frames.length === 0) return null;
  const inApp = frames.filter((f) => f.inApp).length;
  if (inApp === frames.length) return 'in-app-only';
  return inApp === 0 ? 'system-only' : 'mixed';
}

function firstLine(text: string | null): string {
  return (text ?? '').trim().split(/\r?\n/, 1)[0] ?? '';
}
