// The prepared, comparable form of an item: frame keys with recursion collapsed, the exception type and
// the message template. Computed once per item, so that scoring a pair never re-runs normalization.
// Invariants: `keys[k]` came from `frames[frameIndex[k]]`, so evidence can point back at the caller's
// frames; consecutive repeats of one key (recursion) appear once, because a loop's depth depends on the
// input, not on the bug.

import type { ItemId } from '../ids';
import type { GroupingItem } from '../item';
import { messageTemplate, normalizeExceptionType, templateTokens } from '../normalize/message-template';
import { frameKey } from './frame-key';

export interface Signature {
  readonly id: ItemId;
  readonly keys: readonly string[];
  readonly frameIndex: readonly number[];
  readonly type: string | null;
  readonly template: string;
  readonly messageTokens: readonly string[];
}

export function toSignature(item: GroupingItem): Signature {
  const keys: string[] = [];
  const frameIndex: number[] = [];
  item.frames.forEach((frame, index) => {
    const key = frameKey(frame);
    if (key === null || key === keys[keys.length - 1]) return;
    keys.push(key);
    frameIndex.push(index);
  });
  const template = messageTemplate(item.message);
  return {
    id: item.id,
    keys,
    frameIndex,
    type: normalizeExceptionType(item.exceptionType),
    template,
    messageTokens: templateTokens(template),
  };
}

/** The distinct terms an item contributes to the corpus statistics and the inverted index. */
export function signatureTerms(signature: Signature): string[] {
  const terms = new Set<string>(signature.keys.map((key) => `f:${key}`));
  if (signature.type !== null) terms.add(`t:${signature.type}`);
  for (const token of signature.messageTokens) terms.add(`m:${token}`);
  return [...terms];
}
