// Replaces the variable parts of a message with placeholders, so "User 123 not found" and
// "User 456 not found" group together.
//
// Modelled on Sentry's parameterization (src/sentry/grouping/parameterization.py): the same
// placeholder names, applied most specific first so that, e.g., a UUID is not eaten as hex and ints.
// Not ported: hostnames (need a TLD list) and booleans (true/false is often the point of a message).
//
// Invariants: input is cut to MAX_TEMPLATE_INPUT characters before any regex runs; every pattern
// is linear (no nested quantifiers), so a hostile message costs O(length).

const MAX_TEMPLATE_INPUT = 1024;

// Order matters: each pattern runs on the output of the previous ones. Placeholders contain no
// quotes and no standalone number (the digits of <sha1>/<md5> follow a letter, which the number
// patterns' lookbehind rejects), so later patterns never match inside them.
const PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ['email', /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g],
  ['url', /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)]+/gi],
  ['uuid', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi],
  [
    'date',
    /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2}(?: (?:GMT|UTC|[+-]\d{4}))?/g,
  ],
  ['time', /\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g],
  [
    'ip',
    /\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4})?\b/gi,
  ],
  ['sha1', /\b[0-9a-f]{40}\b/gi],
  ['md5', /\b[0-9a-f]{32}\b/gi],
  // 0x-prefixed, or a bare hex token long enough (8+) and mixed enough (a digit and a letter) to be an id.
  ['hex', /\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi],
  // A number ends a sentence ("line 42.") but not a version ("1.2.3") or a word ("utf8").
  ['float', /(?<![\w.])-?\d+\.\d+(?!\w|\.\d)/g],
  ['int', /(?<![\w.])-?\d+(?!\w|\.\d)/g],
  // A quoted string must open after a boundary and close before one, so "can't" and "user's" survive.
  ['quoted_str', /(?<=^|[\s([{=:,])(["'`])(?:(?!\1)[^\\\n]|\\.){0,200}\1(?=$|[\s)\]},.:;!?])/g],
];

/** The message with variable parts replaced by `<email>`, `<uuid>`, `<int>`, ... placeholders. */
export function messageTemplate(message: string): string {
  let text = message.length > MAX_TEMPLATE_INPUT ? message.slice(0, MAX_TEMPLATE_INPUT) : message;
  for (const [name, pattern] of PATTERNS) text = text.replace(pattern, `<${name}>`);
  return text;
}
