// Converts the three frame formats Dexter sees into the one internal `Frame`, at the edge.
// - SDK events (sentry-javascript `StackFrame`): snake_case, caller first, crashing frame last.
// - Sentry Web API events (`/events/{id}/` entries): camelCase, same caller-first order.
// - The grouping benchmark: `{function, module, file, line}`, top of stack first.
// Invariant: output is top-first (see frame.ts), at most MAX_FRAMES long, counted from the top, and
// every string is bounded before normalization. Inputs are read leniently: any field may be missing
// or of the wrong type, and a frame that is not an object becomes an empty frame rather than an error.

import { type Frame, MAX_FRAMES, MAX_SYMBOL_LENGTH } from '../frame';
import { boundedLine, boundedText, optionalBoolean } from './bounded-text';
import { normalizeFileName, normalizeFunctionName, normalizeModuleName } from './symbol-names';

/** A frame as sent by a Sentry SDK (snake_case). Every field may be absent. */
export interface SdkFrameInput {
  readonly filename?: unknown;
  readonly abs_path?: unknown;
  readonly function?: unknown;
  readonly module?: unknown;
  readonly lineno?: unknown;
  readonly colno?: unknown;
  readonly in_app?: unknown;
  readonly context_line?: unknown;
}

/** A frame as returned by the Sentry Web API event endpoint (camelCase). Every field may be absent. */
export interface ApiFrameInput {
  readonly filename?: unknown;
  readonly absPath?: unknown;
  readonly function?: unknown;
  readonly module?: unknown;
  readonly lineNo?: unknown;
  readonly colNo?: unknown;
  readonly inApp?: unknown;
}

/** A frame of the grouping benchmark (`frames[0]` is the top of the stack). */
export interface BenchmarkFrameInput {
  readonly function?: unknown;
  readonly module?: unknown;
  readonly file?: unknown;
  readonly line?: unknown;
}

interface RawFields {
  readonly fn: unknown;
  readonly module: unknown;
  readonly file: unknown;
  readonly line: unknown;
  readonly inApp: unknown;
}

function toFrame(raw: RawFields): Frame {
  return {
    function: normalizeFunctionName(boundedText(raw.fn, MAX_SYMBOL_LENGTH)),
    module: normalizeModuleName(boundedText(raw.module, MAX_SYMBOL_LENGTH)),
    file: normalizeFileName(boundedText(raw.file, MAX_SYMBOL_LENGTH)),
    line: boundedLine(raw.line),
    inApp: optionalBoolean(raw.inApp),
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** The last MAX_FRAMES entries, reversed: caller-first input becomes top-first output. */
function topFirstFromCallerFirst(frames: readonly unknown[]): unknown[] {
  return frames.slice(Math.max(0, frames.length - MAX_FRAMES)).reverse();
}

export function normalizeSdkFrames(frames: readonly SdkFrameInput[] | null | undefined): Frame[] {
  if (!Array.isArray(frames)) return [];
  return topFirstFromCallerFirst(frames).map((value) => {
    const f = asRecord(value);
    return toFrame({
      fn: f.function,
      module: f.module,
      file: f.filename ?? f.abs_path,
      line: f.lineno,
      inApp: f.in_app,
    });
  });
}

export function normalizeApiFrames(frames: readonly ApiFrameInput[] | null | undefined): Frame[] {
  if (!Array.isArray(frames)) return [];
  return topFirstFromCallerFirst(frames).map((value) => {
    const f = asRecord(value);
    return toFrame({
      fn: f.function,
      module: f.module,
      file: f.filename ?? f.absPath,
      line: f.lineNo,
      inApp: f.inApp,
    });
  });
}

export function normalizeBenchmarkFrames(frames: readonly BenchmarkFrameInput[] | null | undefined): Frame[] {
  if (!Array.isArray(frames)) return [];
  return frames.slice(0, MAX_FRAMES).map((value) => {
    const f = asRecord(value);
    // Benchmark quirk: the traces were scraped from JIRA's HTML, whose renderer swallowed `<init>` as a
    // tag, so a Java frame with a class and an empty function name is a constructor.
    const fn = f.function === '' && typeof f.module === 'string' ? '<init>' : f.function;
    return toFrame({ fn, module: f.module, file: f.file, line: f.line, inApp: null });
  });
}
