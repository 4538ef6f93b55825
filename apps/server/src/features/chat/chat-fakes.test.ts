/**
 * The contract fakes can fail: the Slack fake refuses calls that break Slack's published spec
 * (a missing required parameter, an unknown one, no bearer token, malformed blocks), and the Teams
 * fake refuses cards Teams would not render from a webhook. The chat code is checked against them
 * in chat-flow.test.ts.
 */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatIssueOf } from './chat-issue';
import { issueBlocks } from './slack-blocks';
import { issueCard } from './teams-card';
import { type FakeSlack, startFakeSlack } from './testing/fake-slack';
import { type FakeTeams, startFakeTeams } from './testing/fake-teams';

const issue = chatIssueOf(
  'acme',
  {
    id: '42',
    shortId: 'WEB-1',
    title: 'TypeError: cannot read properties of undefined',
    culprit: 'loadOrders(/app/src/orders.js)',
    level: 'error',
    status: 'unresolved',
    platform: 'node',
    count: 1234,
    userCount: 56,
    firstSeen: null,
    lastSeen: null,
    project: { id: '1', slug: 'web', name: 'Web' },
    metadata: {},
    permalink: null,
    stats: [
      [1, 0],
      [2, 3],
      [3, 10],
      [4, 5],
    ],
    lastRelease: 'web@1.2.0',
  },
  'https://dexter.example.com',
);

describe('contract fakes', () => {
  let slack: FakeSlack;
  let teams: FakeTeams;
  beforeAll(async () => {
    slack = await startFakeSlack();
    teams = await startFakeTeams();
  });
  afterAll(async () => {
    await slack.close();
    await teams.close();
  });

  it('the Slack fake accepts the client’s real call and refuses calls that break the spec', async () => {
    const client = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    await client.chat.postMessage({
      channel: 'alerts',
      text: 'hi',
      blocks: issueBlocks(issue, 'New issue') as never,
    });
    expect(slack.invalid()).toEqual([]);

    await expect(client.chat.update({ ts: '1.2', text: 'no channel' } as never)).rejects.toThrow(
      /invalid_arguments/,
    );
    expect(slack.calls.at(-1)!.errors.join()).toMatch(/must have required property 'channel'/);

    await expect(
      client.chat.postMessage({ channel: 'alerts', text: 'x', thread_tss: '1.2' } as never),
    ).rejects.toThrow();
    expect(slack.calls.at(-1)!.errors.join()).toMatch(/additional properties/);

    await expect(
      client.chat.postMessage({ channel: 'alerts', text: 'x', blocks: [{ type: 'banner' }] } as never),
    ).rejects.toThrow();
    expect(slack.calls.at(-1)!.errors.join()).toMatch(/blocks\[0\]\.type: banner/);

    await expect(
      new WebClient(undefined, { slackApiUrl: slack.url, retryConfig: { retries: 0 } }).auth.test(),
    ).rejects.toThrow();
    expect(slack.calls.at(-1)!.errors.join()).toMatch(/no Bearer token/);
  });

  it('the Teams fake takes Dexter’s card and refuses one with Action.Submit or a wrong fact shape', async () => {
    const post = (body: unknown) =>
      fetch(teams.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const card = issueCard(issue, 'New issue');
    expect((await post(card)).status).toBe(200);
    expect(JSON.stringify(card)).toContain('▁');

    const submit = structuredClone(card);
    (submit.attachments[0]!.content.actions as unknown[]).push({ type: 'Action.Submit', title: 'Resolve' });
    expect((await post(submit)).status).toBe(400);

    const oldFacts = structuredClone(card) as unknown as {
      attachments: Array<{ content: { body: Array<{ facts?: unknown[] }> } }>;
    };
    oldFacts.attachments[0]!.content.body[2]!.facts = [{ name: 'Events', value: '1' }];
    expect((await post(oldFacts)).status).toBe(400);
    expect(teams.posts.map((one) => one.errors.length > 0)).toEqual([false, true, true]);
  });
});
