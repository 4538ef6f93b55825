/**
 * The name of the function a source line sits in, read from the original source: the fallback for
 * frames whose caller gives no name (the outermost frame of a bundle, callbacks of native code).
 * A heuristic, not a parser: walking up from the line, braces are balanced until the block that
 * encloses it opens; a block that is not a function (`if`, `for`, an object) is stepped out of.
 * Braces inside strings or comments can mislead it, so it answers null rather than guess when it
 * meets an anonymous function or runs out of lines.
 */

const MAX_LINES_UP = 300;
const IDENT = '[A-Za-z_$][\\w$]*';
const NAMED = [
  new RegExp(`\\bfunction\\s*\\*?\\s*(${IDENT})\\s*\\(`),
  new RegExp(`(${IDENT})\\s*[:=]\\s*(?:async\\s+)?function\\b`),
  new RegExp(`(${IDENT})\\s*[:=]\\s*(?:async\\s*)?(?:\\([^)]*\\)|${IDENT})\\s*(?::[^=]+)?=>`),
  // Class and object methods: `name(args) {`, `async name(args): T {`, `get name() {`.
  new RegExp(
    `^\\s*(?:(?:public|private|protected|static|async|get|set|override)\\s+)*\\*?(${IDENT})\\s*(?:<[^>]*>)?\\([^)]*\\)\\s*(?::[^{]+)?\\{`,
  ),
];
const NOT_FUNCTIONS = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'return', 'function']);
const ANONYMOUS = /\bfunction\s*\*?\s*\(|=>/;

/** `lineIndex` and `column` are 0-based; on the frame's own line only what precedes it counts. */
export function enclosingFunctionName(
  lines: readonly string[],
  lineIndex: number,
  column = Infinity,
): string | null {
  let depth = 0;
  const stop = Math.max(0, lineIndex - MAX_LINES_UP);
  for (let i = Math.min(lineIndex, lines.length - 1); i >= stop; i--) {
    const whole = lines[i] ?? '';
    const line = i === lineIndex ? whole.slice(0, column) : whole;
    for (let c = line.length - 1; c >= 0; c--) {
      const ch = line[c];
      if (ch === '}') depth += 1;
      else if (ch === '{') depth -= 1;
    }
    if (depth >= 0) continue;
    // This line opens the block around the frame's line.
    const name = namedFunction(whole);
    if (name !== null) return name;
    if (ANONYMOUS.test(whole)) return null;
    depth = 0;
  }
  return null;
}

function namedFunction(line: string): string | null {
  for (const pattern of NAMED) {
    const name = pattern.exec(line)?.[1];
    if (name !== undefined && !NOT_FUNCTIONS.has(name)) return name;
  }
  return null;
}
