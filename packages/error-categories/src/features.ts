/**
 * Turns an error event (exception type, message, frames, platform) into the tokens the classifier
 * counts. Tokens carry a prefix for where they came from (`t:` type, `m:` message, `b:` message
 * bigram, `f:` frame, `p:` platform), because "timeout" in a type name says more than in a frame.
 * Input is bounded before any regular expression runs: messages cut at MAX_MESSAGE characters,
 * at most MAX_FRAMES frames (the crashing ones first), each name cut at MAX_NAME.
 */
import { cueTokens } from './rules';

export interface FrameInput {
  module?: string | null;
  function?: string | null;
  filename?: string | null;
}

export interface ErrorEventInput {
  platform?: string | null;
  type?: string | null;
  value?: string | null;
  /** Crashing frame first (Sentry stores caller-first: reverse before passing them here). */
  frames?: readonly FrameInput[];
}

const MAX_MESSAGE = 600;
const MAX_FRAMES = 8;
const MAX_NAME = 200;

/** Words too common in every category to carry a signal, and parts of generic type names. */
const STOP = new Set([
  'the',
  'of',
  'to',
  'in',
  'a',
  'an',
  'is',
  'for',
  'on',
  'at',
  'and',
  'or',
  'be',
  'by',
  'with',
  'this',
  'it',
  'was',
  'as',
  'from',
]);

/** Splits camelCase, snake_case, paths and punctuation into lowercase words (no numbers, no hex ids). */
export function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 2 && !/^[0-9a-f]*[0-9][0-9a-f]*$/.test(word) && !STOP.has(word));
}

/** The last segment of a qualified type name: `java.net.ConnectException` → `ConnectException`. */
function simpleTypeName(type: string): string {
  const cut = type.replace(/^\*+/, '').split(/[.\\:]+/);
  return cut[cut.length - 1] ?? type;
}

export function featuresOf(event: ErrorEventInput): string[] {
  const tokens: string[] = [];
  if (event.platform) tokens.push(`p:${event.platform.toLowerCase()}`);
  const type = (event.type ?? '').slice(0, MAX_NAME);
  if (type) {
    tokens.push(`T:${simpleTypeName(type).toLowerCase()}`);
    for (const word of words(type)) tokens.push(`t:${word}`);
  }
  const message = words((event.value ?? '').slice(0, MAX_MESSAGE));
  message.forEach((word, index) => {
    tokens.push(`m:${word}`);
    const next = message[index + 1];
    if (next) tokens.push(`b:${word}_${next}`);
  });
  const frameNames: string[] = [];
  for (const frame of (event.frames ?? []).slice(0, MAX_FRAMES)) {
    const names = [frame.module, frame.filename, frame.function].map((name) =>
      (name ?? '').slice(0, MAX_NAME),
    );
    frameNames.push(...names);
    for (const word of new Set(names.flatMap(words))) tokens.push(`f:${word}`);
  }
  // Cues read the type and message as written (`E11000`, `"users_email_key"`), and frame names
  // for the ones that name a library (`hibernate`, `react-dom`, `stripe`).
  tokens.push(...cueTokens(`${type} ${(event.value ?? '').slice(0, MAX_MESSAGE)}`));
  tokens.push(...cueTokens(frameNames.join(' ')).map((token) => `r${token}`));
  return tokens;
}
