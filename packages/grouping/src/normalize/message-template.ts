// Turns an exception message into a template: the variable parts (ids, numbers, paths, addresses,
// quoted values) become placeholders so that "Block blk_123 not found on 10.0.0.7" and "Block blk_987
// not found on 10.0.0.9" are the same text. Why: messages carry the bug's wording, but their variable
// parts differ in every report and would otherwise make duplicates look different.
// Invariant: the message is cut to MAX_MESSAGE_LENGTH before any pattern runs; rules run in order, from
// the most specific (URLs contain paths, which contain numbers) to the most general.

import { MAX_MESSAGE_LENGTH } from '../frame';
import { boundedText } from './bounded-text';

const TEMPLATE_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s'"<>]+/gi, '<url>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g, '<ip>'],
  [/\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b/gi, '<ip>'],
  [/(?:[A-Za-z]:)?(?:[\\/][\w.@$%+~-]+){2,}[\\/]?/g, '<path>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/(?<![0-9a-zA-Z])(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}(?![0-9a-zA-Z])/gi, '<hex>'],
  // Quotes that open after a non-word character, so apostrophes in "can't" are left alone.
  [/(?<!\w)'[^'\n]{0,200}'/g, '<str>'],
  [/"[^"\n]{0,200}"/g, '<str>'],
  [/`[^`\n]{0,200}`/g, '<str>'],
  [/\d+(?:\.\d+)*/g, '<num>'],
];

/** The message with variable parts replaced by `<url>`, `<uuid>`, `<ip>`, `<path>`, `<hex>`, `<str>`, `<num>`. */
export function messageTemplate(message: unknown): string {
  const text = boundedText(message, MAX_MESSAGE_LENGTH);
  if (text === null) return '';
  let out = text;
  for (const [pattern, replacement] of TEMPLATE_RULES) out = out.replace(pattern, replacement);
  return out.replace(/\s+/g, ' ').trim();
}

/** Lower-cased word and placeholder tokens of a template; single characters carry no signal. */
export function templateTokens(template: string): string[] {
  const tokens = template.toLowerCase().match(/<[a-z]+>|[a-z_$][a-z0-9_$]+/g) ?? [];
  return [...new Set(tokens)];
}

/** Exception type reduced to its simple name: `java.io.IOException` and `IOException` are the same. */
export function normalizeExceptionType(type: unknown): string | null {
  const text = boundedText(type, 256);
  if (text === null) return null;
  const simple = text.slice(text.lastIndexOf('.') + 1);
  return simple === '' ? null : simple;
}
