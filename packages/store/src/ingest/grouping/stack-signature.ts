/**
 * The part of an event that similarity indexing reads, small enough to travel with every prepared
 * event: the outermost exception and the root cause (first and last of the chain), each with its
 * type, value and frames reduced to what identifies them. The fields and their order are those of
 * the Web API event (`api/events/serialize-event.ts`), so a consumer builds the same index item from this
 * as from `/issues/{id}/events/latest/`, without reading a 100 KB event back over HTTP.
 *
 * Invariants: at most two exceptions (root cause first, outermost last, as in the event); frames
 * caller first, crashing frame last; null when the event has no exception.
 */
import type { NormalizedEvent, NormalizedException, NormalizedFrame } from '../normalize/normalized-event';

export interface SignatureFrame {
  filename: string | null;
  absPath: string | null;
  module: string | null;
  function: string | null;
  lineNo: number | null;
  inApp: boolean | null;
}

export interface SignatureException {
  type: string | null;
  value: string | null;
  stacktrace: { frames: SignatureFrame[] } | null;
}

export type StackSignature = SignatureException[];

const frameOf = (frame: NormalizedFrame): SignatureFrame => ({
  filename: frame.filename,
  absPath: frame.absPath,
  module: frame.module,
  function: frame.function,
  lineNo: frame.lineNo,
  inApp: frame.inApp,
});

const exceptionOf = (exception: NormalizedException): SignatureException => ({
  type: exception.type,
  value: exception.value,
  stacktrace: exception.frames.length ? { frames: exception.frames.map(frameOf) } : null,
});

export function stackSignatureOf(event: NormalizedEvent): StackSignature | null {
  const { exceptions } = event;
  const outermost = exceptions.at(-1);
  if (!outermost) return null;
  const root = exceptions.length > 1 ? exceptions[0] : undefined;
  return root ? [exceptionOf(root), exceptionOf(outermost)] : [exceptionOf(outermost)];
}
