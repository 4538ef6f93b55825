import { describe, expect, it } from 'vitest';
import type { Change, ChangeOf } from './change';
import { type ChangeTransport, createChangeFeed } from './change-feed';

const created: ChangeOf<'issue.created'> = {
  type: 'issue.created',
  org: 'acme',
  project: 'shop',
  issueId: '7',
  title: 'TypeError',
  shortId: null,
  level: 'error',
  eventId: 'e1',
  stack: [{ type: 'TypeError', value: 'x', stacktrace: null }],
};
const counts: Change = {
  type: 'issue.counts',
  org: 'acme',
  counts: [{ issueId: '7', project: 'shop', events: 2 }],
};

function fakeTransport() {
  const sent: Change[] = [];
  let receive: (change: Change) => void = () => {};
  let gap: () => void = () => {};
  const transport: ChangeTransport = {
    send: async (change) => void sent.push(change),
    listen: (r, g) => {
      receive = r;
      gap = g;
    },
    state: () => 'connected',
    close: async () => {},
  };
  return { transport, sent, receive: (change: Change) => receive(change), gap: () => gap() };
}

describe('change feed', () => {
  it('finishes every invalidation before any reacting listener hears of the change', async () => {
    const feed = createChangeFeed({ onError: () => {} });
    const order: string[] = [];
    feed.subscribe(() => void order.push('react'));
    feed.subscribe(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push('invalidate');
      },
      { stage: 'invalidate' },
    );
    await feed.publish(created);
    expect(order).toEqual(['invalidate', 'react']);
  });

  it('delivers only the change types a listener names', async () => {
    const feed = createChangeFeed({ onError: () => {} });
    const heard: string[] = [];
    feed.subscribe((change) => void heard.push(change.type), { types: ['issue.counts'] });
    await feed.publish(created);
    await feed.publish(counts);
    expect(heard).toEqual(['issue.counts']);
  });

  it('reports a failing listener and still tells the others', async () => {
    const errors: unknown[] = [];
    const feed = createChangeFeed({ onError: (error) => errors.push(error) });
    const heard: string[] = [];
    feed.subscribe(() => {
      throw new Error('boom');
    });
    feed.subscribe(async () => {
      throw new Error('async boom');
    });
    feed.subscribe(
      () => {
        throw new Error('invalidation failed');
      },
      { stage: 'invalidate' },
    );
    feed.subscribe((change) => void heard.push(change.type));
    await feed.publish(created);
    await feed.idle();
    expect(heard).toEqual(['issue.created']);
    expect(errors.map((error) => (error as Error).message).sort()).toEqual([
      'async boom',
      'boom',
      'invalidation failed',
    ]);
  });

  it('sends changes to other instances without the stack, and stops hearing after unsubscribe', async () => {
    const remote = fakeTransport();
    const feed = createChangeFeed({ transport: remote.transport, onError: () => {} });
    const heard: Change[] = [];
    const unsubscribe = feed.subscribe((change) => void heard.push(change));
    await feed.publish(created);
    expect(remote.sent).toEqual([{ ...created, stack: undefined }].map(({ stack: _s, ...rest }) => rest));
    expect(heard[0]).toBe(created);
    unsubscribe();
    await feed.publish(counts);
    expect(heard).toHaveLength(1);
  });

  it("hands other instances' changes only to listeners that asked, never to invalidation", async () => {
    const remote = fakeTransport();
    const feed = createChangeFeed({ transport: remote.transport, onError: () => {} });
    const local: ChangeMetaSeen[] = [];
    const everywhere: ChangeMetaSeen[] = [];
    const invalidated: string[] = [];
    feed.subscribe((change, meta) => void local.push({ type: change.type, local: meta.local }));
    feed.subscribe((change, meta) => void everywhere.push({ type: change.type, local: meta.local }), {
      remote: true,
    });
    feed.subscribe((change) => void invalidated.push(change.type), { stage: 'invalidate' });
    remote.receive(counts);
    expect(local).toEqual([]);
    expect(everywhere).toEqual([{ type: 'issue.counts', local: false }]);
    expect(invalidated).toEqual([]);
    let gaps = 0;
    feed.onGap(() => gaps++);
    remote.gap();
    expect(gaps).toBe(1);
    expect(feed.state()).toBe('connected');
  });
});

interface ChangeMetaSeen {
  type: string;
  local: boolean;
}
