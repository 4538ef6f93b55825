// Deterministic synthetic stack traces for scale tests and the query benchmark: many items built
// from a shared vocabulary of application and framework frames, so that retrieval faces realistic
// overlap (common framework frames at the bottom, rarer application frames near the top).
// Invariant: the same seed always yields the same items; no randomness leaks from Math.random.

import type { Frame } from '../frame';
import { asItemId } from '../ids';
import type { GroupingItem } from '../item';

/** mulberry32: a tiny seeded PRNG, good enough to spread test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAMEWORK: readonly Frame[] = [
  ['java.lang.Thread', 'run'],
  ['java.util.concurrent.ThreadPoolExecutor$Worker', 'run'],
  ['java.util.concurrent.ThreadPoolExecutor', 'runWorker'],
  ['java.util.concurrent.FutureTask', 'run'],
  ['org.eclipse.jetty.server.Server', 'handle'],
  ['org.eclipse.jetty.servlet.ServletHolder', 'handle'],
  ['javax.servlet.http.HttpServlet', 'service'],
  ['sun.reflect.NativeMethodAccessorImpl', 'invoke'],
  ['java.lang.reflect.Method', 'invoke'],
].map(([module, fn]) => ({
  module: module ?? null,
  function: fn ?? null,
  file: null,
  line: null,
  inApp: false,
}));

const TYPES = ['java.io.IOException', 'java.lang.NullPointerException', 'java.lang.IllegalStateException'];

export interface SyntheticOptions {
  readonly count: number;
  readonly seed: number;
  /** Distinct application classes; each has 8 methods. */
  readonly classes?: number;
}

function appFrame(random: () => number, classes: number): Frame {
  const cls = Math.floor(random() * classes);
  return {
    module: `com.example.pkg${cls % 50}.Service${cls}`,
    function: `method${Math.floor(random() * 8)}`,
    file: `Service${cls}.java`,
    line: 1 + Math.floor(random() * 900),
    inApp: true,
  };
}

export function syntheticItems(options: SyntheticOptions): GroupingItem[] {
  const random = seededRandom(options.seed);
  const classes = options.classes ?? Math.max(50, Math.floor(options.count / 4));
  return Array.from({ length: options.count }, (_, n) => {
    const depth = 3 + Math.floor(random() * 15);
    const app = Array.from({ length: depth }, () => appFrame(random, classes));
    const tail = FRAMEWORK.slice(Math.floor(random() * 4), 4 + Math.floor(random() * 5));
    return {
      id: asItemId(`syn-${n}`),
      frames: [...app, ...tail],
      exceptionType: TYPES[n % TYPES.length] ?? null,
      message: `failure ${Math.floor(random() * 100000)} in request ${n}`,
    };
  });
}

/**
 * The same bug seen again: every line number shifted, ids in the message changed, one extra frame
 * inserted deep in the stack, and a new id.
 */
export function reoccurrence(item: GroupingItem, id: string, random: () => number): GroupingItem {
  const frames = item.frames.map((f) => ({ ...f, line: f.line === null ? null : f.line + 7 }));
  const at = Math.min(frames.length, 3 + Math.floor(random() * 3));
  frames.splice(at, 0, {
    module: 'com.example.Retry',
    function: 'attempt',
    file: null,
    line: 1,
    inApp: true,
  });
  return {
    ...item,
    id: asItemId(id),
    frames,
    message: `failure ${Math.floor(random() * 100000)} in request 0`,
  };
}
