/**
 * The stack signature must read exactly like the exception entry of the Web API event the store
 * serves for the same event, since similarity builds the same index item from either.
 */
import { describe, expect, it } from 'vitest';
import { serializeEventDetail } from '../../api/events/serialize-event';
import { normalizeEvent } from '../normalize/normalize-event';
import { stackSignatureOf } from './stack-signature';

const frame = (fn: string, lineno: number) => ({
  filename: `/app/src/${fn}.js`,
  abs_path: `/app/src/${fn}.js`,
  module: `src.${fn}`,
  function: fn,
  lineno,
  colno: 3,
  in_app: true,
  pre_context: ['a'],
  context_line: 'b',
  post_context: ['c'],
});

const chained = {
  event_id: 'c'.repeat(32),
  timestamp: 1_735_689_600,
  platform: 'node',
  exception: {
    values: [
      { type: 'ECONNRESET', value: 'socket hang up', stacktrace: { frames: [frame('connect', 5)] } },
      { type: 'DbError', value: 'query failed', stacktrace: { frames: [frame('query', 7)] } },
      {
        type: 'OrderError',
        value: 'could not load order 7',
        stacktrace: { frames: [frame('handle', 10), frame('loadOrder', 42)] },
      },
    ],
  },
};

const context = { projectId: 1, receivedAt: 1_735_689_601_000, clientIp: '10.0.0.1' };

/** The fields of the API's exception values that the signature keeps. */
function apiView(event: ReturnType<typeof normalizeEvent>) {
  const detail = serializeEventDetail(
    { event, issueId: 1, size: 0 },
    { previousEventID: null, nextEventID: null },
  );
  const entry = detail.entries.find((e) => e.type === 'exception');
  if (!entry) throw new Error('the API event has no exception entry');
  const { values } = entry.data as { values: Array<Record<string, unknown>> };
  return values.map((value) => ({
    type: value.type,
    value: value.value,
    stacktrace: value.stacktrace
      ? {
          frames: (value.stacktrace as { frames: Array<Record<string, unknown>> }).frames.map((f) => ({
            filename: f.filename,
            absPath: f.absPath,
            module: f.module,
            function: f.function,
            lineNo: f.lineNo,
            inApp: f.inApp,
          })),
        }
      : null,
  }));
}

describe('stack signature', () => {
  it('keeps the root cause and the outermost exception as the Web API event shows them', () => {
    const event = normalizeEvent(chained, context);
    const api = apiView(event);
    expect(stackSignatureOf(event)).toEqual([api[0], api.at(-1)]);
  });

  it('is the one exception of an unchained event, without context lines', () => {
    const event = normalizeEvent(
      { ...chained, exception: { values: [chained.exception.values[2]] } },
      context,
    );
    const signature = stackSignatureOf(event);
    expect(signature).toEqual(apiView(event));
    expect(JSON.stringify(signature)).not.toContain('context');
  });

  it('is null for an event without an exception', () => {
    const event = normalizeEvent({ ...chained, exception: undefined, message: 'hello' }, context);
    expect(stackSignatureOf(event)).toBeNull();
  });
});
