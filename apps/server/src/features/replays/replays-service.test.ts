/**
 * The replay service against a fake transport answering as sentry.io does (companion mode): rows
 * with numeric project ids and missing counts, segments asked with `download` and paged by the
 * `Link` header's next cursor until `results="false"`, errors from Discover with whole-second
 * times refined from the event.
 */
import type { UpstreamRequest, UpstreamResponse } from '@dexter/sentry-client';
import { createSentryClient } from '@dexter/sentry-client';
import { describe, expect, it } from 'vitest';
import { createReplaysService } from './replays-service';
import { replaysUpstream } from './replays-upstream';

const REPLAY = 'a'.repeat(32);
const ERROR = 'e'.repeat(32);
const link = (cursor: string, more: boolean) =>
  `<https://sentry.io/x?cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", <https://sentry.io/x?cursor=${cursor}>; rel="next"; results="${more}"; cursor="${cursor}"`;

function fakeSentry() {
  const calls: UpstreamRequest[] = [];
  const transport = async (req: UpstreamRequest): Promise<UpstreamResponse> => {
    calls.push(req);
    const query = req.query as Record<string, unknown>;
    if (req.operation === 'replays.get') {
      return {
        status: 200,
        headers: {},
        body: {
          data: {
            id: REPLAY,
            project_id: 42,
            error_ids: [ERROR],
            started_at: '2026-01-01T10:00:00+00:00',
            finished_at: '2026-01-01T10:01:00+00:00',
            duration: 60,
            browser: { name: 'Firefox', version: '140.0' },
            os: { name: null, version: null },
            extra_key_from_a_newer_sentry: true,
          },
        },
      };
    }
    if (req.operation === 'replays.segments') {
      const first = query.cursor === undefined;
      return {
        status: 200,
        headers: { link: link('0:100:0', first) },
        body: first
          ? [[{ type: 4, timestamp: 1 }], [{ type: 3, timestamp: 2 }]]
          : [[{ type: 3, timestamp: 3 }]],
      };
    }
    if (req.operation === 'discover.events') {
      return {
        status: 200,
        headers: {},
        body: {
          data: [
            {
              id: ERROR,
              'issue.id': 7,
              title: 'TypeError: x',
              level: 'error',
              timestamp: '2026-01-01T10:00:30+00:00',
            },
          ],
        },
      };
    }
    if (req.operation === 'events.getForIssue') {
      return {
        status: 200,
        headers: {},
        body: {
          id: ERROR,
          eventID: ERROR,
          dateCreated: '2026-01-01T10:00:30.456Z',
          entries: [],
          tags: [],
          contexts: {},
        },
      };
    }
    throw new Error(`unexpected ${req.operation}`);
  };
  return { calls, transport };
}

describe('replays service in companion mode', () => {
  it('pages through every segment and refines the error time from the event', async () => {
    const { calls, transport } = fakeSentry();
    const service = createReplaysService({
      replays: replaysUpstream(transport),
      sentry: createSentryClient({ transport }),
    });
    const detail = await service.get('acme', REPLAY.toUpperCase());
    expect(detail.events.map((event) => event.timestamp)).toEqual([1, 2, 3]);
    expect(detail.replay).toMatchObject({
      projectId: '42',
      browser: 'Firefox 140.0',
      os: null,
      countErrors: 1,
    });
    expect(detail.errors).toEqual([
      {
        eventId: ERROR,
        issueId: '7',
        title: 'TypeError: x',
        level: 'error',
        timestamp: Date.parse('2026-01-01T10:00:30.456Z'),
      },
    ]);
    const segmentCalls = calls.filter((call) => call.operation === 'replays.segments');
    expect(segmentCalls.map((call) => (call.query as Record<string, unknown>).cursor)).toEqual([
      undefined,
      '0:100:0',
    ]);
    expect(segmentCalls[0]!.path).toBe(`/api/0/projects/acme/42/replays/${REPLAY}/recording-segments/`);
    expect((segmentCalls[0]!.query as Record<string, unknown>).download).toBe('true');
  });
});
