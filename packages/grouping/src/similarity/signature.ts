// The prepared, comparable form of an item: for its outermost exception and for its root cause, the
// frame keys with recursion collapsed, the exception type and the message template. Computed once per
// item, so that scoring a pair never re-runs normalization.
// Invariants: `keys[k]` came from `frames[frameIndex[k]]`, so evidence can point back at the caller's
// frames; consecutive repeats of one key (recursion) appear once, because a loop's depth depends on the
// input, not on the bug; an item without a cause uses its outer exception as its root, so comparing
// two chain-less items compares the same part twice.

import type { ItemId } from '../ids';
import type { ExceptionPart, GroupingItem } from '../item';
import { messageTemplate, normalizeExceptionType, templateTokens } from '../normalize/message-template';
import { frameKey } from './frame-key';

export interface PartSignature {
  readonly keys: readonly string[];
  readonly frameIndex: readonly number[];
  readonly type: string | null;
  readonly template: string;
  readonly messageTokens: readonly string[];
  /**
   * Corpus terms (`f:` + key, `m:` + token, `t:` + type), built once here because rarity lookups run
   * per candidate pair, and reusing one string object lets the engine reuse its cached hash.
   */
  readonly frameTerms: readonly string[];
  readonly messageTerms: readonly string[];
  readonly typeTerm: string | null;
}

export interface Signature {
  readonly id: ItemId;
  readonly outer: PartSignature;
  readonly root: PartSignature;
  /** Milliseconds since the epoch, or null. */
  readonly seenAt: number | null;
}

function toPartSignature(part: ExceptionPart): PartSignature {
  const keys: string[] = [];
  const frameIndex: number[] = [];
  part.frames.forEach((frame, index) => {
    const key = frameKey(frame);
    if (key === null || key === keys[keys.length - 1]) return;
    keys.push(key);
    frameIndex.push(index);
  });
  const template = messageTemplate(part.message);
  const type = normalizeExceptionType(part.exceptionType);
  const messageTokens = templateTokens(template);
  return {
    keys,
    frameIndex,
    type,
    template,
    messageTokens,
    frameTerms: keys.map((key) => `f:${key}`),
    messageTerms: messageTokens.map((token) => `m:${token}`),
    typeTerm: type === null ? null : `t:${type}`,
  };
}

export function toSignature(item: GroupingItem): Signature {
  const outer = toPartSignature(item);
  const seenAt = typeof item.seenAt === 'number' && Number.isFinite(item.seenAt) ? item.seenAt : null;
  return { id: item.id, outer, root: item.cause ? toPartSignature(item.cause) : outer, seenAt };
}

/** The distinct terms an item contributes to the corpus statistics and the inverted index. */
export function signatureTerms(signature: Signature): string[] {
  const terms = new Set<string>();
  for (const part of [signature.outer, signature.root]) {
    for (const term of part.frameTerms) terms.add(term);
    if (part.typeTerm !== null) terms.add(part.typeTerm);
    for (const term of part.messageTerms) terms.add(term);
  }
  return [...terms];
}
