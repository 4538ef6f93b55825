// The one internal stack-frame shape, and the bounds every input is cut to.
//
// Order invariant: `frames[0]` is the TOP of the stack (the innermost call, where the exception was
// thrown) and the last frame is the outermost caller. This is Java's and the benchmark's order, and the
// reverse of Sentry's `stacktrace.frames` (caller first, crashing frame last). Top-first makes "position
// i" mean "i calls away from the crash" for every source, which is what position weights need.
//
// Identity invariant: line and column numbers are kept for display only. They move with every edit of
// the file, so nothing in the engine uses them to decide whether two frames are the same.

export interface Frame {
  /** Normalized function name (generated/anonymous parts replaced by stable placeholders). */
  readonly function: string | null;
  /** Normalized module: Java package + class, Python module, JS module path. */
  readonly module: string | null;
  /** Normalized file base name (directories and build hashes removed). */
  readonly file: string | null;
  /** Display only: never part of frame identity. */
  readonly line: number | null;
  /** Whether the SDK considered the frame application code; null when unknown. */
  readonly inApp: boolean | null;
}

/** Frames kept per stack, counted from the top. Deep recursion beyond this adds no signal. */
export const MAX_FRAMES = 200;

/** Longest symbol (function, module, file, type) kept; applied before any regular expression runs. */
export const MAX_SYMBOL_LENGTH = 256;

/** Longest message kept; applied before any regular expression runs. */
export const MAX_MESSAGE_LENGTH = 1024;
