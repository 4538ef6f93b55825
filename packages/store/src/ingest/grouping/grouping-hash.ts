// Computes the grouping hashes that decide which issue an event belongs to, in Sentry's default
// order (docs "Issue Grouping"; src/sentry/grouping/strategies): fingerprint, stack trace,
// exception, message.
//
// Components (the exact values hashed, flattened; the first word of each group names it):
//   in-app-stacktrace  for each exception, oldest first:
//                        "type", <type>               unless the mechanism is synthetic
//                        "frame", <location>, <fn>    for each IN-APP frame, caller first
//                                                     (grouping-frame.ts; consecutive repeats of
//                                                     one frame, i.e. recursion, count once)
//                      (an exception-less event uses its thread/top-level stack, without "type")
//   system-stacktrace  the same over ALL frames
//   exception          for each exception: "type", <type or "">, "value", <template of value>
//   message            "message", <template of logentry.message, else of the formatted message>
//   custom-fingerprint "fingerprint", <part with variables resolved> for each part; a
//                      `{{ default }}` part is replaced by the default components, once per
//                      default variant (so app and system both stay matchable)
//
// `hashes` lists every variant's hash in lookup priority order: [app, system] when the stack has
// in-app frames (an issue matches on either, like Sentry's app/system variants), deduplicated when
// they are equal. Each hash is the MD5 hex of the values joined with U+001E; C0 control
// characters are removed from values first, so the separator cannot occur inside one.

import { createHash } from 'node:crypto';
import type { NormalizedEvent, NormalizedFrame } from '../normalize/normalized-event';
import { isDefaultPart, resolveFingerprintPart } from './fingerprint-vars';
import { frameComponent } from './grouping-frame';
import { messageTemplate } from './message-template';

export type GroupingVariant =
  | 'custom-fingerprint'
  | 'in-app-stacktrace'
  | 'system-stacktrace'
  | 'exception'
  | 'message';

export interface GroupingResult {
  hashes: string[];
  variant: GroupingVariant;
  /** The values behind each hash, same order as `hashes`: what a "grouping info" view shows. */
  components: string[][];
}

interface Candidate {
  variant: GroupingVariant;
  values: string[];
}

interface StackOwner {
  type: string | null;
  /** Each frame's grouping component, computed once for both the app and the system stack. */
  frames: Array<{ inApp: boolean; component: [string, string] | null }>;
}

export function computeGroupingHashes(event: NormalizedEvent): GroupingResult {
  const defaults = defaultCandidates(event);
  const fingerprint = event.fingerprint;
  if (fingerprint === null) return finish(defaults);

  const custom = (defaultValues: string[]): string[] =>
    fingerprint.flatMap((part) =>
      isDefaultPart(part) ? defaultValues : ['fingerprint', resolveFingerprintPart(part, event)],
    );
  const candidates = fingerprint.some(isDefaultPart)
    ? defaults.map((d) => ({ variant: 'custom-fingerprint' as const, values: custom(d.values) }))
    : [{ variant: 'custom-fingerprint' as const, values: custom([]) }];
  return finish(candidates);
}

function defaultCandidates(event: NormalizedEvent): Candidate[] {
  const components = (frames: NormalizedFrame[]) =>
    frames.map((frame) => ({ inApp: frame.inApp, component: frameComponent(frame) }));
  const owners: StackOwner[] =
    event.exceptions.length > 0
      ? event.exceptions.map((e) => ({
          type: e.mechanism?.synthetic === true ? null : e.type,
          frames: components(e.frames),
        }))
      : [{ type: null, frames: components(event.stacktrace ?? []) }];

  const system = stackValues(owners, false);
  const app = stackValues(owners, true);
  if (app.frameCount > 0) {
    return [
      { variant: 'in-app-stacktrace', values: app.values },
      { variant: 'system-stacktrace', values: system.values },
    ];
  }
  if (system.frameCount > 0) return [{ variant: 'system-stacktrace', values: system.values }];
  if (event.exceptions.length > 0) {
    const values = event.exceptions.flatMap((e) => [
      'type',
      e.type ?? '',
      'value',
      messageTemplate(e.value ?? ''),
    ]);
    return [{ variant: 'exception', values }];
  }
  return [
    {
      variant: 'message',
      values: ['message', messageTemplate(event.messageTemplate ?? event.message ?? '')],
    },
  ];
}

function stackValues(owners: StackOwner[], inAppOnly: boolean): { values: string[]; frameCount: number } {
  const values: string[] = [];
  let frameCount = 0;
  for (const owner of owners) {
    if (owner.type !== null) values.push('type', owner.type);
    let previous: string | null = null;
    for (const { inApp, component } of owner.frames) {
      if (component === null || (inAppOnly && !inApp)) continue;
      const key = component.join('\u001f');
      if (key === previous) continue;
      previous = key;
      values.push('frame', ...component);
      frameCount += 1;
    }
  }
  return { values, frameCount };
}

function finish(candidates: Candidate[]): GroupingResult {
  const hashes: string[] = [];
  const components: string[][] = [];
  for (const candidate of candidates) {
    const hash = hashValues(candidate.values);
    if (hashes.includes(hash)) continue;
    hashes.push(hash);
    components.push(candidate.values);
  }
  // defaultCandidates always yields at least one candidate, and so does every fingerprint branch.
  const variant = candidates[0]?.variant ?? 'message';
  return { hashes, variant, components };
}

export function hashValues(values: string[]): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  const clean = values.map((value) => value.replace(/[\u0000-\u001f]/g, ''));
  return createHash('md5').update(clean.join('\u001e'), 'utf8').digest('hex');
}
