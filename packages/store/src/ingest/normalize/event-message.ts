// The event's message, from the places SDKs put it (develop event-payloads message.mdx).
//
// Precedence: `logentry.formatted`, then `logentry.message` with `params` applied, then the legacy
// top-level `message` (a string, or the same `{formatted, message, params}` object).
//
// Params are applied only for the two simple styles SDKs use: printf-like `%s`/`%d`/... with a list
// (Python logging, JS `parameterize`) and `{0}`/`{name}` placeholders (.NET, structured logging).
// Anything unresolved stays as written. The unformatted template is returned too, because grouping
// by it ("User %s not found") is more stable than grouping by the formatted text.

import { asRecord, scalarStr, str, truncate } from './coerce';
import { LIMITS } from './normalized-event';

export interface ExtractedMessage {
  message: string | null;
  /** The template when params were applied to produce `message`; null otherwise. */
  template: string | null;
}

export function extractMessage(event: Record<string, unknown>): ExtractedMessage {
  for (const source of [event.logentry, event.message]) {
    if (typeof source === 'string' && source !== '') {
      return { message: truncate(source, LIMITS.message), template: null };
    }
    const entry = asRecord(source);
    if (entry === null) continue;
    const template = str(entry.message, LIMITS.message);
    const formatted = str(entry.formatted, LIMITS.message);
    const applied = template === null ? null : applyParams(template, entry.params);
    const message = formatted ?? applied;
    if (message === null) continue;
    return { message: truncate(message, LIMITS.message), template: template !== message ? template : null };
  }
  return { message: null, template: null };
}

function applyParams(template: string, rawParams: unknown): string {
  if (Array.isArray(rawParams)) {
    const params = rawParams.map(paramText);
    let next = 0;
    const printf = template.replace(/%([sdifjoOr%])/g, (whole, directive: string) => {
      if (directive === '%') return '%';
      const value = params[next];
      next += 1;
      return value ?? whole;
    });
    return printf.replace(/\{(\d+)\}/g, (whole, index: string) => params[Number(index)] ?? whole);
  }
  const named = asRecord(rawParams);
  if (named === null) return template;
  return template.replace(
    /\{([A-Za-z_][\w.]*)\}/g,
    (whole, name: string) => paramText(Object.hasOwn(named, name) ? named[name] : undefined) ?? whole,
  );
}

function paramText(value: unknown): string | undefined {
  if (value === null) return 'null';
  return scalarStr(value, LIMITS.message) ?? (value === '' ? '' : undefined);
}
