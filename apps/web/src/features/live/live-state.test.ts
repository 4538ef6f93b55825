/** The live connection state machine: what each action does to the status, the resume position and the back-off. */

import { LIVE_CLOSE_SIGNED_OUT } from '@dexter/contracts';
import { describe, expect, it } from 'vitest';
import { initialLiveState, liveReducer, reconnectDelayMs } from './live-state';

describe('liveReducer', () => {
  it('goes live on hello and tracks the highest seq seen', () => {
    let state = liveReducer(initialLiveState, { type: 'connect' });
    expect(state.status).toBe('connecting');
    state = liveReducer(state, { type: 'hello', stream: 's1', seq: 40 });
    expect(state).toMatchObject({ status: 'live', stream: 's1', lastSeq: 40 });
    state = liveReducer(state, { type: 'seq', seq: 42 });
    state = liveReducer(state, { type: 'seq', seq: 41 });
    expect(state.lastSeq).toBe(42);
  });

  it('keeps its position across a reconnect to the same stream, and starts over on a new one', () => {
    let state = liveReducer(initialLiveState, { type: 'hello', stream: 's1', seq: 5 });
    state = liveReducer(state, { type: 'seq', seq: 9 });
    state = liveReducer(state, { type: 'closed', code: 1006 });
    expect(state).toMatchObject({ status: 'reconnecting', attempt: 1 });
    expect(liveReducer(state, { type: 'connect' }).status).toBe('reconnecting');
    expect(liveReducer(state, { type: 'hello', stream: 's1', seq: 30 })).toMatchObject({
      lastSeq: 9,
      attempt: 0,
    });
    expect(liveReducer(state, { type: 'hello', stream: 's2', seq: 3 })).toMatchObject({ lastSeq: 3 });
  });

  it('stops at a signed-out close, and records the upstream state', () => {
    expect(liveReducer(initialLiveState, { type: 'closed', code: LIVE_CLOSE_SIGNED_OUT }).status).toBe(
      'signed-out',
    );
    expect(liveReducer(initialLiveState, { type: 'degraded', reason: 'rate limited' }).degraded).toBe(
      'rate limited',
    );
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from half a second up to thirty, with jitter in the upper half', () => {
    expect(reconnectDelayMs(1, () => 0)).toBe(250);
    expect(reconnectDelayMs(1, () => 1)).toBe(500);
    expect(reconnectDelayMs(3, () => 1)).toBe(2_000);
    expect(reconnectDelayMs(20, () => 1)).toBe(30_000);
  });
});
