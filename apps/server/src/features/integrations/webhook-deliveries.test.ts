/**
 * Webhook verification per vendor, alone: GitHub's documented test vector, Jira's `sha256=` in
 * `X-Hub-Signature` (not `-256`), Linear's hex signature and its 60 s window both ways, and what a
 * delivery says about the ticket. Also the frames a ticket carries and the refs each vendor takes.
 */
import { createHmac } from 'node:crypto';
import type { IssueDetail } from '@dexter/contracts';
import { describe, expect, it } from 'vitest';
import { DexterError } from '../../errors/error-codes';
import { topInAppFrames } from './ticket-draft';
import { createGithubPort } from './vendors/github-port';
import { createJiraPort } from './vendors/jira-port';
import { createLinearPort } from './vendors/linear-port';
import { readDelivery } from './webhook-deliveries';

const hex = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');
const codeOf = async (work: () => unknown) => {
  try {
    await work();
  } catch (error) {
    return error instanceof DexterError ? `${error.code}: ${error.message}` : String(error);
  }
  return 'accepted';
};

describe('GitHub deliveries', () => {
  it("accept GitHub's documented test vector and refuse any other signature", async () => {
    const secret = "It's a Secret to Everybody";
    const raw = Buffer.from('Hello, World!');
    const good = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    // Signature accepted: what fails next is the missing delivery id.
    expect(await codeOf(() => readDelivery('github', secret, { 'x-hub-signature-256': good }, raw, 0))).toBe(
      'DEXTER_ERR_VALIDATION: X-GitHub-Delivery is missing',
    );
    expect(
      await codeOf(() =>
        readDelivery('github', secret, { 'x-hub-signature-256': good.replace('75', '57') }, raw, 0),
      ),
    ).toBe('DEXTER_ERR_WEBHOOK_SIGNATURE: X-Hub-Signature-256 does not match the body');
    expect(await codeOf(() => readDelivery('github', secret, {}, raw, 0))).toMatch(
      /X-Hub-Signature-256 is missing/,
    );
  });

  it('read a reopened issue as open and other events as nothing', async () => {
    const body = JSON.stringify({
      action: 'reopened',
      issue: { number: 3, state: 'open' },
      repository: { full_name: 'a/b' },
    });
    const headers = (event: string) => ({
      'x-hub-signature-256': `sha256=${hex('s', body)}`,
      'x-github-delivery': 'd1',
      'x-github-event': event,
    });
    expect(await readDelivery('github', 's', headers('issues'), Buffer.from(body), 0)).toEqual({
      deliveryId: 'd1',
      change: { key: 'a/b#3', state: 'open', stateLabel: 'open' },
    });
    expect(await readDelivery('github', 's', headers('ping'), Buffer.from(body), 0)).toEqual({
      deliveryId: 'd1',
      change: null,
    });
  });
});

describe('Jira deliveries', () => {
  const body = JSON.stringify({
    webhookEvent: 'jira:issue_updated',
    issue: {
      key: 'OPS-7',
      fields: { status: { name: 'In Progress', statusCategory: { key: 'indeterminate' } } },
    },
  });
  it('take sha256= in X-Hub-Signature, not X-Hub-Signature-256', async () => {
    const signature = `sha256=${hex('k', body)}`;
    expect(
      await codeOf(() =>
        readDelivery('jira', 'k', { 'x-hub-signature-256': signature }, Buffer.from(body), 0),
      ),
    ).toMatch(/X-Hub-Signature is missing/);
    expect(
      readDelivery(
        'jira',
        'k',
        { 'x-hub-signature': signature, 'x-atlassian-webhook-identifier': 'j1' },
        Buffer.from(body),
        0,
      ),
    ).toEqual({ deliveryId: 'j1', change: { key: 'OPS-7', state: 'open', stateLabel: 'In Progress' } });
  });
});

describe('Linear deliveries', () => {
  const at = 1_800_000_000_000;
  const body = JSON.stringify({
    type: 'Issue',
    action: 'update',
    data: { identifier: 'ENG-4', state: { name: 'Canceled', type: 'canceled' } },
    webhookTimestamp: at,
  });
  const headers = { 'linear-signature': hex('L', body), 'linear-delivery': 'l1' };
  it('accept within 60 s either way of the timestamp, refuse beyond', async () => {
    expect(readDelivery('linear', 'L', headers, Buffer.from(body), at + 59_000)).toEqual({
      deliveryId: 'l1',
      change: { key: 'ENG-4', state: 'closed', stateLabel: 'Canceled' },
    });
    expect(await codeOf(() => readDelivery('linear', 'L', headers, Buffer.from(body), at - 61_000))).toMatch(
      /more than 60 s/,
    );
    expect(await codeOf(() => readDelivery('linear', 'L', headers, Buffer.from(body), at + 61_000))).toMatch(
      /more than 60 s/,
    );
    expect(
      await codeOf(() =>
        readDelivery(
          'linear',
          'L',
          { ...headers, 'linear-signature': hex('other', body) },
          Buffer.from(body),
          at,
        ),
      ),
    ).toBe('DEXTER_ERR_WEBHOOK_SIGNATURE: linear-signature does not match the body');
  });
});

describe('ticket bodies and refs', () => {
  it('take the top in-app frames of the thrown exception, crashing frame first', () => {
    const frame = (fn: string, inApp: boolean, line: number) => ({
      filename: `src/${fn}.ts`,
      absPath: null,
      module: null,
      function: fn,
      lineNo: line,
      colNo: 1,
      inApp,
      context: [],
    });
    const exception = (frames: ReturnType<typeof frame>[]) => ({
      type: 'E',
      value: 'v',
      module: null,
      mechanism: null,
      frames,
    });
    const detail = {
      latestEvent: {
        exceptions: [
          exception([frame('cause', true, 1)]),
          exception([
            frame('main', true, 1),
            frame('lib', false, 2),
            ...[3, 4, 5, 6, 7, 8].map((n) => frame(`f${n}`, true, n)),
          ]),
        ],
      },
    } as unknown as IssueDetail;
    expect(topInAppFrames(detail)).toEqual([
      'at f8 (src/f8.ts:8)',
      'at f7 (src/f7.ts:7)',
      'at f6 (src/f6.ts:6)',
      'at f5 (src/f5.ts:5)',
      'at f4 (src/f4.ts:4)',
    ]);
  });

  it('parse each vendor’s URLs and keys, and refuse others', () => {
    const fetch = () => Promise.reject(new Error('no calls here'));
    const github = createGithubPort({
      baseUrl: 'https://ghe.example/api/v3',
      token: 't',
      repository: 'acme/shop',
      fetch,
    });
    expect(github.parseRef('https://ghe.example/acme/api/issues/12')).toBe('acme/api#12');
    expect(github.parseRef('acme/api#3')).toBe('acme/api#3');
    expect(github.parseRef('#7')).toBe('acme/shop#7');
    expect(github.parseRef('OPS-7')).toBeNull();
    const jira = createJiraPort({
      baseUrl: 'https://x.atlassian.net',
      email: 'a@b.c',
      token: 't',
      project: 'OPS',
      fetch,
    });
    expect(jira.parseRef('https://x.atlassian.net/browse/OPS-7')).toBe('OPS-7');
    expect(
      jira.parseRef('https://x.atlassian.net/jira/software/projects/OPS/boards/1?selectedIssue=OPS-9'),
    ).toBe('OPS-9');
    expect(jira.parseRef('ops-7')).toBe('OPS-7');
    expect(jira.parseRef('#7')).toBeNull();
    const linear = createLinearPort({
      apiUrl: 'https://api.linear.app/graphql',
      apiKey: 'k',
      team: 't',
      fetch,
    });
    expect(linear.parseRef('https://linear.app/acme/issue/ENG-42/checkout-fails')).toBe('ENG-42');
    expect(linear.parseRef('eng-42')).toBe('ENG-42');
    expect(linear.parseRef('https://github.com/a/b/issues/1')).toBeNull();
  });
});
