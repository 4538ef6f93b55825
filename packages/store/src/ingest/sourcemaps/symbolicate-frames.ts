/**
 * Rewrites minified JavaScript frames to their original source positions, as Sentry's JavaScript
 * processor does: file, line, column, function and five lines of context each side from the
 * map's `sourcesContent`. Pure: the maps are looked up beforehand (`symbolicator.ts`).
 *
 * Function names: a minified frame's own name is the minifier's. The original name is the
 * function the original line sits in (`enclosing-function.ts`), else, as Sentry did before scope
 * maps, the name the caller wrote at the call site: the mapping's `name` at frame N-1's position
 * (frames are caller first); else the minified name stays. A frame whose map has no mapping at
 * its position stays as it is.
 */
import { originalPositionFor, sourceContentFor } from '@jridgewell/trace-mapping';
import { LIMITS, type NormalizedEvent, type NormalizedFrame } from '../normalize/normalized-event';
import { enclosingFunctionName } from './enclosing-function';
import type { ParsedMap } from './parsed-map-cache';

const CONTEXT_LINES = 5;

export type MapForUrl = (frameUrl: string) => ParsedMap | null;

export const frameUrlOf = (frame: NormalizedFrame): string | null => frame.absPath ?? frame.filename;

/** The event with its exceptions' frames mapped (raw frames kept); null when no frame changed. */
export function symbolicateEvent(event: NormalizedEvent, mapFor: MapForUrl): NormalizedEvent | null {
  let changed = false;
  const exceptions = event.exceptions.map((exception) => {
    const frames = symbolicateFrames(exception.frames, mapFor);
    if (frames === null) return exception;
    changed = true;
    return { ...exception, frames, rawFrames: exception.frames };
  });
  return changed ? { ...event, exceptions } : null;
}

interface Mapped {
  frame: NormalizedFrame;
  /** The original identifier at this frame's position: the callee's name, for the next frame. */
  token: string | null;
  /** The function the original line sits in, when the source tells. */
  declared: string | null;
}

/** The frames mapped; null when none had a map with a mapping at its position. */
export function symbolicateFrames(frames: NormalizedFrame[], mapFor: MapForUrl): NormalizedFrame[] | null {
  const mapped = frames.map((frame) => mapFrame(frame, mapFor));
  if (mapped.every((m) => m === null)) return null;
  return frames.map((frame, i) => {
    const result = mapped[i];
    if (!result) return frame;
    const name = result.declared ?? mapped[i - 1]?.token ?? null;
    return name === null ? result.frame : { ...result.frame, function: name };
  });
}

function mapFrame(frame: NormalizedFrame, mapFor: MapForUrl): Mapped | null {
  const url = frameUrlOf(frame);
  if (url === null || frame.lineNo === null || frame.colNo === null || frame.lineNo < 1) return null;
  const parsed = mapFor(url);
  if (!parsed) return null;
  // Sentry's columns are 1-based, trace-mapping's 0-based.
  const position = originalPositionFor(parsed.map, {
    line: frame.lineNo,
    column: Math.max(0, frame.colNo - 1),
  });
  if (position.source === null || position.line === null) return null;
  const lines = sourceLines(parsed, position.source);
  const at = position.line - 1;
  const line = (i: number) => (lines?.[i] ?? '').slice(0, LIMITS.contextLine);
  const hasLine = lines !== null && at < lines.length;
  const absPath = resolveSource(url, position.source);
  const filename = cleanSourcePath(position.source);
  return {
    frame: {
      ...frame,
      filename,
      absPath,
      // The minified module name (`app.min`) says nothing about the original file.
      module: null,
      lineNo: position.line,
      colNo: position.column === null ? null : position.column + 1,
      inApp: frame.inApp && !/(^|\/)node_modules\//.test(absPath),
      contextLine: hasLine ? line(at) : null,
      preContext: hasLine ? range(Math.max(0, at - CONTEXT_LINES), at).map(line) : [],
      postContext: hasLine ? range(at + 1, Math.min(lines.length, at + 1 + CONTEXT_LINES)).map(line) : [],
    },
    token: position.name,
    declared: hasLine ? enclosingFunctionName(lines, at, position.column ?? undefined) : null,
  };
}

function sourceLines(parsed: ParsedMap, source: string): string[] | null {
  if (!parsed.lines.has(source)) {
    const content = sourceContentFor(parsed.map, source);
    // A final newline ends the last line; it does not start another.
    const lines = content?.split(/\r\n|\r|\n/) ?? null;
    if (lines !== null && lines.length > 1 && lines.at(-1) === '') lines.pop();
    parsed.lines.set(source, lines);
  }
  return parsed.lines.get(source) ?? null;
}

/** The original file's URL: the map's source resolved against the minified file's location. */
export function resolveSource(frameUrl: string, source: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(source)) return source;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(frameUrl)) {
    try {
      return new URL(source, frameUrl).href;
    } catch {
      return source;
    }
  }
  if (frameUrl.startsWith('/')) {
    // `new URL` normalizes `..` and `.` segments; the placeholder origin is dropped again.
    return decodeURIComponent(new URL(source, `file://${frameUrl}`).pathname);
  }
  return source;
}

/** What Sentry shows as `filename`: the source path without bundler schemes or leading `./`, `../`. */
export function cleanSourcePath(source: string): string {
  let path = source.replace(/^webpack:\/\/[^/]*\//, '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  while (/^\.{1,2}\//.test(path)) path = path.replace(/^\.{1,2}\//, '');
  return path === '' ? source : path;
}

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
