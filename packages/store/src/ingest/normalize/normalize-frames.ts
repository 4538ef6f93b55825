// SDK stack frames (snake_case, Sentry order) into NormalizedFrame, with over-long stacks trimmed.
//
// Invariants:
// - Order is kept: caller first, crashing frame last.
// - A stack longer than LIMITS.frames keeps its outermost half and its innermost half and drops the
//   middle (deep recursion), so both the entry point and the crash site survive. Trimming happens
//   on the raw array, before any frame is read, so a million-frame payload costs no more than 250.
// - `inApp` is the SDK's `in_app`, false when missing; for JavaScript/Node frames a path inside
//   `node_modules` or a `node:` builtin is never in app, whatever the SDK said (Sentry's built-in
//   enhancement rules for the javascript family do the same).

import { asRecord, bool, nonNegativeInt, str, stringList } from './coerce';
import { LIMITS, type NormalizedFrame } from './normalized-event';

export interface NormalizedStack {
  frames: NormalizedFrame[];
  framesOmitted: number;
}

const JS_PLATFORMS = new Set(['javascript', 'node']);

/** Reads `{frames: [...]}`; null when there is no frame list at all. */
export function normalizeStacktrace(raw: unknown, eventPlatform: string): NormalizedStack | null {
  const rawFrames = asRecord(raw)?.frames;
  if (!Array.isArray(rawFrames)) return null;
  const { kept, omitted } = trimMiddle(rawFrames, LIMITS.frames);
  const frames: NormalizedFrame[] = [];
  for (const rawFrame of kept) {
    const frame = normalizeFrame(rawFrame, eventPlatform);
    if (frame !== null) frames.push(frame);
  }
  return { frames, framesOmitted: omitted };
}

export function normalizeFrame(raw: unknown, eventPlatform: string): NormalizedFrame | null {
  const f = asRecord(raw);
  if (f === null) return null;
  const platform = str(f.platform, LIMITS.shortString);
  const filename = str(f.filename, LIMITS.symbol);
  const absPath = str(f.abs_path, LIMITS.symbol);
  return {
    filename,
    absPath,
    module: str(f.module, LIMITS.symbol),
    function: str(f.function, LIMITS.symbol),
    rawFunction: str(f.raw_function, LIMITS.symbol),
    package: str(f.package, LIMITS.symbol),
    platform,
    lineNo: nonNegativeInt(f.lineno),
    colNo: nonNegativeInt(f.colno),
    inApp: inferInApp(bool(f.in_app), platform ?? eventPlatform, filename, absPath),
    contextLine: str(f.context_line, LIMITS.contextLine),
    preContext: stringList(f.pre_context, LIMITS.contextLines, LIMITS.contextLine),
    postContext: stringList(f.post_context, LIMITS.contextLines, LIMITS.contextLine),
    // Native SDKs send addresses as "0x..." strings; a number is accepted and rendered the same way.
    instructionAddr:
      typeof f.instruction_addr === 'number' && Number.isSafeInteger(f.instruction_addr)
        ? `0x${f.instruction_addr.toString(16)}`
        : str(f.instruction_addr, LIMITS.shortString),
  };
}

function inferInApp(
  sdkInApp: boolean | null,
  platform: string,
  filename: string | null,
  absPath: string | null,
): boolean {
  if (JS_PLATFORMS.has(platform) && (isThirdPartyJsPath(filename) || isThirdPartyJsPath(absPath))) {
    return false;
  }
  return sdkInApp ?? false;
}

function isThirdPartyJsPath(path: string | null): boolean {
  return path !== null && (path.startsWith('node:') || /(^|[/\\])node_modules[/\\]/.test(path));
}

function trimMiddle<T>(items: T[], max: number): { kept: T[]; omitted: number } {
  if (items.length <= max) return { kept: items, omitted: 0 };
  const head = Math.ceil(max / 2);
  const tail = max - head;
  return {
    kept: [...items.slice(0, head), ...items.slice(items.length - tail)],
    omitted: items.length - max,
  };
}
