// Resolves the `{{ variable }}` placeholders an SDK may put in `event.fingerprint`.
//
// Sentry documents these for fingerprint rules and SDK fingerprints alike (docs "Fingerprint
// Rules", variables section). A variable with no value becomes Sentry's `<no-...>` marker, so
// "{{ transaction }}" on events without a transaction still groups them together. Unknown
// variables are kept literally. `{{ default }}` is not resolved here: it stands for the whole
// default grouping and is expanded by grouping-hash.ts.

import type { NormalizedEvent, NormalizedFrame } from '../normalize/normalized-event';

const VARIABLE = /\{\{\s*([\w.-]+)\s*\}\}/g;
const DEFAULT_PART = /^\{\{\s*default\s*\}\}$/;

export function isDefaultPart(part: string): boolean {
  return DEFAULT_PART.test(part);
}

export function resolveFingerprintPart(part: string, event: NormalizedEvent): string {
  return part.replace(VARIABLE, (whole, name: string) => resolveVariable(name, event) ?? whole);
}

function resolveVariable(name: string, event: NormalizedEvent): string | undefined {
  const main = event.exceptions.at(-1);
  const frame = crashFrame(event);
  switch (name) {
    case 'transaction':
      return event.transaction ?? '<no-transaction>';
    case 'type':
    case 'error.type':
      return main?.type ?? '<no-type>';
    case 'value':
    case 'error.value':
      return main?.value ?? '<no-value>';
    case 'message':
      return event.message ?? '<no-message>';
    case 'level':
      return event.level;
    case 'logger':
      return event.logger ?? '<no-logger>';
    case 'function':
    case 'stack.function':
      return frame?.function ?? '<no-function>';
    case 'module':
    case 'stack.module':
      return frame?.module ?? '<no-module>';
    case 'package':
    case 'stack.package':
      return frame?.package ?? '<no-package>';
    case 'abs_path':
    case 'stack.abs_path':
      return frame?.absPath ?? '<no-abs-path>';
    default:
      if (name.startsWith('tags.')) {
        const key = name.slice('tags.'.length);
        return event.tags.find(([k]) => k === key)?.[1] ?? `<no-value-for-tag-${key}>`;
      }
      return undefined;
  }
}

/** The innermost in-app frame of the thrown exception's stack, else its innermost frame. */
function crashFrame(event: NormalizedEvent): NormalizedFrame | undefined {
  const frames = event.exceptions.findLast((e) => e.frames.length > 0)?.frames ?? event.stacktrace ?? [];
  return frames.findLast((f) => f.inApp) ?? frames.at(-1);
}
