// What one stack frame contributes to a grouping hash: a location and a function, both stripped of
// the parts that change between builds or runs of the same code.
//
// Following Sentry's frame:v1 for JavaScript/Python: `module` when the SDK gave one, else the
// file's basename lowercased; plus the function. Line and column numbers never contribute (they
// move with every edit). Removed noise:
// - basenames: query strings, version numbers (`jquery-3.6.0.min.js`) and content hashes
//   (`index-BkRn3w1s.js`, `main.a1b2c3d4.chunk.js`);
// - functions: memory addresses, `async ` and `(index N)` from Node async frames, numbered lambdas
//   and closures (Java `lambda$run$0`, `$$Lambda$12/0x...`, C# `<Main>b__0_1`, Ruby
//   `block (2 levels) in`), and every spelling of "anonymous".
//
// Invariant: inputs are cut to MAX_SYMBOL characters before any regex runs.

import type { NormalizedFrame } from '../normalize/normalized-event';

const MAX_SYMBOL = 256;
const ANONYMOUS = '<anonymous>';
const ANONYMOUS_NAMES = new Set([
  '?',
  '<anonymous>',
  'anonymous',
  '<lambda>',
  '<anonymous function>',
  '{anonymous}',
]);

/**
 * The same frames arrive with event after event (every event of a bug repeats its stack), and
 * cleaning them is most of grouping's CPU: a cleaned location or function is remembered by its
 * raw text. Bounded: up to `MEMO_ENTRIES` values of at most `MEMO_MAX_KEY` characters per kind
 * (then all are forgotten at once), a few MB at worst per ingest worker.
 */
const MEMO_ENTRIES = 4_096;
const MEMO_MAX_KEY = 256;

function memoized(clean: (raw: string) => string): (raw: string) => string {
  let memo = new Map<string, string>();
  return (raw) => {
    if (raw.length > MEMO_MAX_KEY) return clean(raw);
    let cleaned = memo.get(raw);
    if (cleaned === undefined) {
      cleaned = clean(raw);
      if (memo.size >= MEMO_ENTRIES) memo = new Map();
      memo.set(raw, cleaned);
    }
    return cleaned;
  };
}

const moduleOf = memoized((module) => cleanModule(module));
const filenameOf = memoized((path) => cleanFilename(path));
const functionOf = memoized((name) => cleanFunction(name));

/** `[location, function]`, or null when the frame names neither (it cannot tell frames apart). */
export function frameComponent(frame: NormalizedFrame): [string, string] | null {
  const path = frame.filename ?? frame.absPath;
  const name = frame.function ?? frame.rawFunction;
  const location = frame.module !== null ? moduleOf(frame.module) : path === null ? '' : filenameOf(path);
  const fn = name === null ? '' : functionOf(name);
  if (location === '' && fn === '') return null;
  return [location, fn];
}

export function cleanFilename(path: string | null): string {
  if (path === null) return '';
  const withoutQuery = path.slice(0, MAX_SYMBOL * 4).split(/[?#]/, 1)[0] ?? '';
  const basename = (withoutQuery.split(/[/\\]/).pop() ?? '').slice(0, MAX_SYMBOL).toLowerCase();
  return stripHashes(basename.replace(/[@-]?v?\d+(?:\.\d+)+/g, ''));
}

function cleanModule(module: string): string {
  return stripHashes(module.slice(0, MAX_SYMBOL));
}

/** Removes `.token`/`-token` segments that look like build hashes: hex runs, or mixed letter+digit ids. */
function stripHashes(name: string): string {
  return name.replace(/[.\-~]([A-Za-z0-9]{8,})(?=[.\-~]|$)/g, (whole, token: string) =>
    /^[0-9a-f]+$/i.test(token) || (/\d/.test(token) && /[A-Za-z]/.test(token)) ? '' : whole,
  );
}

export function cleanFunction(name: string | null): string {
  if (name === null) return '';
  let fn = name.slice(0, MAX_SYMBOL).trim();
  fn = fn.replace(/^async\s+/, '').replace(/\s*\(index \d+\)$/, '');
  if (ANONYMOUS_NAMES.has(fn) || fn.endsWith('.<anonymous>')) return ANONYMOUS;
  return fn
    .replace(/0x[0-9a-f]+/gi, '<addr>')
    .replace(/\$\$Lambda\$\d+(?:\/<addr>|\/\d+)?/g, '$$$$Lambda$$')
    .replace(/lambda\$([\w$]+?)\$\d+/g, 'lambda$$$1$$')
    .replace(/b__\d+(?:_\d+)?/g, 'b__')
    .replace(/<>c__DisplayClass\d+(?:_\d+)?/g, '<>c__DisplayClass')
    .replace(/block \(\d+ levels\) in/g, 'block in');
}
