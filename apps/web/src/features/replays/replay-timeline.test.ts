import { describe, expect, it } from 'vitest';
import { buildTimeline, formatOffset, playableEvents } from './replay-timeline';

const t0 = 1_700_000_000_000;
const events = [
  { type: 4, timestamp: t0, data: { href: 'http://shop.test/' } },
  {
    type: 5,
    timestamp: t0 + 1000,
    data: {
      tag: 'breadcrumb',
      payload: { timestamp: (t0 + 1000) / 1000, category: 'ui.click', message: 'button#buy' },
    },
  },
  {
    type: 5,
    timestamp: t0 + 1500,
    data: {
      tag: 'breadcrumb',
      payload: { timestamp: (t0 + 1500) / 1000, category: 'console', level: 'error', message: '*** ****' },
    },
  },
  {
    type: 5,
    timestamp: t0 + 2000,
    data: {
      tag: 'performanceSpan',
      payload: {
        op: 'resource.fetch',
        description: 'http://shop.test/api',
        startTimestamp: (t0 + 2000) / 1000,
        data: { method: 'POST', statusCode: 500 },
      },
    },
  },
  {
    type: 5,
    timestamp: t0 + 100,
    data: {
      tag: 'performanceSpan',
      payload: {
        op: 'navigation.navigate',
        description: 'http://shop.test/',
        startTimestamp: (t0 + 100) / 1000,
      },
    },
  },
  { type: 5, timestamp: t0 + 50, data: { tag: 'options', payload: { sessionSampleRate: 1 } } },
  { type: 3, timestamp: t0 + 3000, data: { source: 2 } },
];
const errors = [{ eventId: 'e1', issueId: '7', title: 'Error: boom', level: 'error', timestamp: t0 + 2500 }];

describe('buildTimeline', () => {
  it('reads clicks, navigations, console and network from Sentry custom events, and places the errors', () => {
    expect(buildTimeline(events, errors)).toEqual([
      {
        id: 0,
        kind: 'navigation',
        offsetMs: 100,
        label: 'http://shop.test/',
        detail: 'navigate',
        problem: false,
      },
      { id: 1, kind: 'click', offsetMs: 1000, label: 'button#buy', detail: null, problem: false },
      // Masked text stays as recorded.
      { id: 2, kind: 'console', offsetMs: 1500, label: '*** ****', detail: 'error', problem: true },
      {
        id: 3,
        kind: 'network',
        offsetMs: 2000,
        label: 'POST http://shop.test/api',
        detail: '500',
        problem: true,
      },
      {
        id: 4,
        kind: 'error',
        offsetMs: 2500,
        label: 'Error: boom',
        detail: 'error',
        problem: true,
        eventId: 'e1',
        issueId: '7',
      },
    ]);
  });

  it('is empty without events and skips errors without a time', () => {
    expect(buildTimeline([], errors)).toEqual([]);
    expect(
      buildTimeline(events, [{ ...errors[0]!, timestamp: null }]).some((item) => item.kind === 'error'),
    ).toBe(false);
  });
});

describe('playableEvents', () => {
  it("keeps rrweb's own events and adds one tagged custom event per error, in time order", () => {
    const marked = playableEvents(events, errors);
    expect(marked.map((event) => event.timestamp)).toEqual([t0, t0 + 2500, t0 + 3000]);
    expect(marked[1]).toMatchObject({ type: 5, data: { tag: 'error' } });
  });
});

it("reads Sentry's second-based custom event times against rrweb's millisecond clock", () => {
  const sentry = [
    { type: 4, timestamp: t0, data: {} },
    {
      type: 5,
      timestamp: (t0 + 700) / 1000,
      data: { tag: 'performanceSpan', payload: { op: 'resource.xhr', description: '/x', data: {} } },
    },
  ];
  expect(buildTimeline(sentry, [])).toMatchObject([{ kind: 'network', offsetMs: 700, label: 'GET /x' }]);
});

it('formats offsets as m:ss', () => {
  expect(formatOffset(65_400)).toBe('1:05');
});
