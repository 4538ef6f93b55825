/**
 * The fixed dev / held-out split of the labeled set: a hash of the event id alone, so it does not
 * depend on labels, file order or the model, and an id never changes sides.
 */
export type SplitName = 'dev' | 'heldout';

/** Share of events (in percent) that go to the development split. */
export const DEV_PERCENT = 60;

/** FNV-1a, 32 bit: tiny, stable across platforms and runs. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function splitOf(id: string): SplitName {
  return fnv1a(id) % 100 < DEV_PERCENT ? 'dev' : 'heldout';
}
