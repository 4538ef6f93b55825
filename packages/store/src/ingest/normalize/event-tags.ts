// An event's tags: the SDK's own, then the ones Sentry derives from other fields.
//
// Invariants:
// - Keys match Sentry's tag key rule (`[a-zA-Z0-9_.:-]`, at most LIMITS.tagKey); other keys are
//   dropped, as Sentry drops them. Values are single-line, trimmed, truncated to LIMITS.tagValue;
//   empty values are dropped.
// - No key appears twice. Among SDK tags the first wins; a derived tag replaces an SDK tag of the
//   same key in place, as Sentry's `set_tag` does, because the derived value is the authoritative one.
//
// Derived tags (Sentry event_manager and context tag mappings): level, logger, environment, release,
// dist, server_name, transaction, mechanism, handled (yes/no), url (without query), user
// (id:/email:/username:/ip:), runtime + runtime.name, os + os.name, browser + browser.name,
// device + device.family.

import { asRecord, scalarStr, str, truncate } from './coerce';
import { LIMITS, type NormalizedEvent } from './normalized-event';

type TagSource = Pick<
  NormalizedEvent,
  | 'level'
  | 'logger'
  | 'environment'
  | 'release'
  | 'dist'
  | 'serverName'
  | 'transaction'
  | 'exceptions'
  | 'handled'
  | 'request'
  | 'user'
  | 'contexts'
>;

const TAG_KEY = /^[a-zA-Z0-9_.:-]+$/;

export function buildTags(rawTags: unknown, event: TagSource): Array<[string, string]> {
  const tags = new Map<string, string>();
  for (const [key, value] of sdkTagEntries(rawTags)) {
    if (tags.size >= LIMITS.tags) break;
    const tag = cleanTag(key, value);
    if (tag !== null && !tags.has(tag[0])) tags.set(tag[0], tag[1]);
  }
  for (const [key, value] of derivedTags(event)) {
    const tag = value === null ? null : cleanTag(key, value);
    // Map.set keeps the original insertion position, so a replaced SDK tag stays where it was.
    if (tag !== null) tags.set(tag[0], tag[1]);
  }
  return [...tags];
}

function sdkTagEntries(raw: unknown): Array<[unknown, unknown]> {
  if (Array.isArray(raw)) {
    return raw.flatMap(
      (pair): Array<[unknown, unknown]> => (Array.isArray(pair) ? [[pair[0], pair[1]]] : []),
    );
  }
  return Object.entries(asRecord(raw) ?? {});
}

function cleanTag(rawKey: unknown, rawValue: unknown): [string, string] | null {
  const key = typeof rawKey === 'string' ? rawKey.trim() : '';
  if (key.length === 0 || key.length > LIMITS.tagKey || !TAG_KEY.test(key)) return null;
  const value = scalarStr(rawValue, LIMITS.tagValue * 4);
  if (value === null) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  const singleLine = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return singleLine === '' ? null : [key, truncate(singleLine, LIMITS.tagValue)];
}

function derivedTags(event: TagSource): Array<[string, string | null]> {
  const main = event.exceptions.at(-1);
  return [
    ['level', event.level],
    ['logger', event.logger],
    ['environment', event.environment],
    ['release', event.release],
    ['dist', event.dist],
    ['server_name', event.serverName],
    ['transaction', event.transaction],
    ['mechanism', main?.mechanism?.type ?? null],
    ['handled', event.handled === null ? null : event.handled ? 'yes' : 'no'],
    ['url', event.request?.url?.split(/[?#]/)[0] ?? null],
    ['user', userTag(event.user)],
    ...contextTags(event.contexts, 'runtime'),
    ...contextTags(event.contexts, 'os'),
    ...contextTags(event.contexts, 'browser'),
    ...deviceTags(event.contexts),
  ];
}

function userTag(user: NormalizedEvent['user']): string | null {
  if (user === null) return null;
  if (user.id !== null) return `id:${user.id}`;
  if (user.email !== null) return `email:${user.email}`;
  if (user.username !== null) return `username:${user.username}`;
  return user.ipAddress === null ? null : `ip:${user.ipAddress}`;
}

/** `runtime: "node v20.20.2"` and `runtime.name: "node"` (same pattern for os and browser). */
function contextTags(contexts: Record<string, unknown>, kind: string): Array<[string, string | null]> {
  const context = findContext(contexts, kind);
  const name = str(context?.name, LIMITS.tagValue);
  const version = str(context?.version, LIMITS.tagValue);
  if (name === null) return [];
  return [
    [kind, version === null ? name : `${name} ${version}`],
    [`${kind}.name`, name],
  ];
}

function deviceTags(contexts: Record<string, unknown>): Array<[string, string | null]> {
  const device = findContext(contexts, 'device');
  return [
    ['device', str(device?.model, LIMITS.tagValue)],
    ['device.family', str(device?.family, LIMITS.tagValue)],
  ];
}

/** A context is found by key, or by its `type` when the SDK named it differently. */
function findContext(contexts: Record<string, unknown>, kind: string): Record<string, unknown> | null {
  const byKey = asRecord(contexts[kind]);
  if (byKey !== null && (byKey.type === undefined || byKey.type === kind)) return byKey;
  for (const value of Object.values(contexts)) {
    const context = asRecord(value);
    if (context?.type === kind) return context;
  }
  return byKey;
}
