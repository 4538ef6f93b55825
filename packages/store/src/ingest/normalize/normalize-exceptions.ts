// The `exception` interface (and, when there is none, a bare stack) into the normalized shapes.
//
// Sources (develop event-payloads exception.mdx, stacktrace.mdx, threads.mdx):
// - `exception` is `{values: [...]}` or a bare list, oldest to newest; the last value is the one
//   that was thrown, so when a chain is too long the newest LIMITS.exceptions are kept.
// - Without exceptions, a stack can sit at the top level (`stacktrace`, e.g. `attachStacktrace`
//   on a message) or on a thread; the crashed thread wins, then the current one, then the first.

import { asRecord, bool, nonNegativeInt, scalarStr, str, valuesList } from './coerce';
import { normalizeStacktrace } from './normalize-frames';
import {
  LIMITS,
  type NormalizedException,
  type NormalizedFrame,
  type NormalizedMechanism,
} from './normalized-event';

export function normalizeExceptions(raw: unknown, eventPlatform: string): NormalizedException[] {
  const out: NormalizedException[] = [];
  for (const value of valuesList(raw).slice(-LIMITS.exceptions)) {
    const exception = normalizeException(value, eventPlatform);
    if (exception !== null) out.push(exception);
  }
  return out;
}

function normalizeException(raw: unknown, eventPlatform: string): NormalizedException | null {
  const e = asRecord(raw);
  if (e === null) return null;
  const stack = normalizeStacktrace(e.stacktrace, eventPlatform);
  const exception: NormalizedException = {
    type: str(e.type, LIMITS.symbol),
    value: scalarStr(e.value, LIMITS.exceptionValue),
    module: str(e.module, LIMITS.symbol),
    threadId: scalarStr(e.thread_id, LIMITS.shortString),
    mechanism: normalizeMechanism(e.mechanism),
    frames: stack?.frames ?? [],
    framesOmitted: stack?.framesOmitted ?? 0,
  };
  // Relay drops an exception with neither type, value nor stack: it carries nothing to show or group.
  const empty = exception.type === null && exception.value === null && exception.frames.length === 0;
  return empty ? null : exception;
}

function normalizeMechanism(raw: unknown): NormalizedMechanism | null {
  const m = asRecord(raw);
  if (m === null) return null;
  return {
    type: str(m.type, LIMITS.shortString),
    handled: bool(m.handled),
    synthetic: m.synthetic === true,
    exceptionId: nonNegativeInt(m.exception_id),
    parentId: nonNegativeInt(m.parent_id),
  };
}

/** The stack of an event without exceptions: top-level `stacktrace`, else the best thread's. */
export function normalizeLooseStacktrace(
  event: Record<string, unknown>,
  platform: string,
): NormalizedFrame[] | null {
  const topLevel = normalizeStacktrace(event.stacktrace, platform);
  if (topLevel !== null && topLevel.frames.length > 0) return topLevel.frames;

  const threads = valuesList(event.threads)
    .map(asRecord)
    .filter(
      (thread): thread is Record<string, unknown> => thread !== null && asRecord(thread.stacktrace) !== null,
    );
  const best =
    threads.find((thread) => thread.crashed === true) ??
    threads.find((thread) => thread.current === true) ??
    threads[0];
  const stack = best === undefined ? null : normalizeStacktrace(best.stacktrace, platform);
  return stack !== null && stack.frames.length > 0 ? stack.frames : null;
}
