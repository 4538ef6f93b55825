import { describe, expect, it } from 'vitest';
import { eventsWithStyleNonce } from './replay-style-nonce';

const style = (css: string) => ({ type: 2, tagName: 'style', attributes: { _cssText: css }, childNodes: [] });
const fullSnapshot = {
  type: 2,
  timestamp: 1,
  data: {
    node: {
      type: 0,
      childNodes: [
        {
          type: 2,
          tagName: 'html',
          attributes: {},
          childNodes: [
            {
              type: 2,
              tagName: 'head',
              attributes: {},
              childNodes: [
                style('body{margin:0}'),
                { type: 2, tagName: 'link', attributes: { rel: 'stylesheet', _cssText: 'h1{color:red}' } },
                { type: 2, tagName: 'link', attributes: { rel: 'icon', href: '/favicon.ico' } },
              ],
            },
            {
              type: 2,
              tagName: 'body',
              attributes: { class: 'x' },
              childNodes: [{ type: 3, textContent: 'hi' }],
            },
          ],
        },
      ],
    },
  },
};
const mutation = {
  type: 3,
  timestamp: 2,
  data: { source: 0, adds: [{ parentId: 4, node: style('p{}') }], removes: [] },
};
const click = { type: 3, timestamp: 3, data: { source: 2, type: 2, id: 9 } };

describe('replay events under the page nonce', () => {
  it('puts the nonce on every style element the replay rebuilds, in snapshots and mutations', () => {
    const [snapshot, added, clicked] = eventsWithStyleNonce([fullSnapshot, mutation, click], 'abc');
    const head = (snapshot as typeof fullSnapshot).data.node.childNodes[0]!.childNodes[0]!;
    const headChildren = head.childNodes as { attributes: Record<string, unknown> }[];
    expect(headChildren.map((node) => node.attributes.nonce)).toEqual([
      'abc',
      'abc', // a stylesheet link rrweb inlined: rebuilt as a <style>
      undefined,
    ]);
    const body = (snapshot as typeof fullSnapshot).data.node.childNodes[0]!.childNodes[1]!;
    expect(body.attributes).toEqual({ class: 'x' });
    expect((added as typeof mutation).data.adds[0]!.node.attributes).toEqual({
      _cssText: 'p{}',
      nonce: 'abc',
    });
    expect(clicked).toBe(click);
  });

  it('leaves the events it was given unchanged, and all of them alone without a nonce', () => {
    const before = JSON.stringify([fullSnapshot, mutation]);
    eventsWithStyleNonce([fullSnapshot, mutation], 'abc');
    expect(JSON.stringify([fullSnapshot, mutation])).toBe(before);
    const events = [fullSnapshot];
    expect(eventsWithStyleNonce(events, '')).toBe(events);
  });
});
