/**
 * What the stack trace shows, as pure functions over the contract's Event types.
 * The contract keeps Sentry's order (exceptions oldest cause first, frames crashing frame last);
 * the page shows Sentry's default view: newest exception first, most recent call first.
 */
import type { Exception, Frame } from '@dexter/contracts';

export type FrameFilter = 'app' | 'all';

/** Frames as source maps rewrote them, or as the SDK sent them from the minified bundle. */
export type FrameSource = 'original' | 'minified';

export function exceptionsNewestFirst(exceptions: readonly Exception[]): Exception[] {
  return [...exceptions].reverse();
}

export interface FrameEntry {
  frame: Frame;
  /** Position in the event's frame list: a stable key while the filter changes. */
  index: number;
}

export interface VisibleFrames {
  /** Most recent call first. */
  frames: FrameEntry[];
  /** System frames left out by the "in-app only" filter. */
  hiddenCount: number;
}

/**
 * "In-app only" drops system frames, except when an exception has no in-app frame at all: then
 * every frame stays, since an empty trace would hide where the error came from.
 */
export function visibleFrames(frames: readonly Frame[], filter: FrameFilter): VisibleFrames {
  const newestFirst = frames.map((frame, index) => ({ frame, index })).reverse();
  if (filter === 'all' || !frames.some((f) => f.inApp)) return { frames: newestFirst, hiddenCount: 0 };
  const inApp = newestFirst.filter((entry) => entry.frame.inApp);
  return { frames: inApp, hiddenCount: newestFirst.length - inApp.length };
}

/** Whether the original/minified toggle would change anything: some exception has raw frames. */
export function hasRawFrames(exceptions: readonly Exception[]): boolean {
  return exceptions.some((e) => (e.rawFrames?.length ?? 0) > 0);
}

/** The frames to show: the SDK's minified ones when asked for and present, else the original ones. */
export function framesOf(exception: Exception, source: FrameSource): readonly Frame[] {
  return source === 'minified' && exception.rawFrames?.length ? exception.rawFrames : exception.frames;
}

/** Whether the in-app/all toggle would change anything: some exception mixes both kinds of frame. */
export function hasHideableFrames(exceptions: readonly Exception[]): boolean {
  return exceptions.some((e) => e.frames.some((f) => f.inApp) && e.frames.some((f) => !f.inApp));
}

export function exceptionHeading(exception: Exception): string {
  const { type, value } = exception;
  if (type && value) return `${type}: ${value}`;
  return type ?? value ?? 'Unknown error';
}

export function mechanismLabel(exception: Exception): 'handled' | 'unhandled' | null {
  const handled = exception.mechanism?.handled;
  if (handled === true) return 'handled';
  if (handled === false) return 'unhandled';
  return null;
}

export interface FrameLocation {
  /** filename, else absolute path, else module. */
  file: string | null;
  /** The module when it says something the file does not. */
  module: string | null;
  /** "12:5", "12", or null. */
  position: string | null;
}

export function frameLocation(frame: Frame): FrameLocation {
  const file = frame.filename ?? frame.absPath ?? frame.module;
  const module = frame.module && frame.module !== file ? frame.module : null;
  let position: string | null = null;
  if (frame.lineNo !== null)
    position = frame.colNo !== null ? `${frame.lineNo}:${frame.colNo}` : String(frame.lineNo);
  return { file, module, position };
}

/**
 * The frame to open by default: the culprit, the most recent in-app call (the first in-app entry
 * of a list shown most recent call first), else the most recent call. -1 for no frames.
 */
export function culpritEntry(frames: readonly FrameEntry[]): number {
  if (frames.length === 0) return -1;
  const inApp = frames.findIndex((entry) => entry.frame.inApp);
  return inApp === -1 ? 0 : inApp;
}
