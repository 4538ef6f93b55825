/**
 * Every vendor client really runs on the injected transport: with the SSRF guard's fetch refusing
 * loopback, each port's "test connection" reports the refused URL (a client that fell back to the
 * global fetch would reach the fake and say "ok"); with loopback allowed, the same ports reach it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedFetch } from '../../../security/guarded-fetch';
import { createSsrfGuard } from '../../../security/ssrf-guard';
import { type FakeGithub, startFakeGithub } from '../testing/fake-github';
import { type FakeGitlab, startFakeGitlab } from '../testing/fake-gitlab';
import { type FakeJira, startFakeJira } from '../testing/fake-jira';
import { type FakeLinear, startFakeLinear } from '../testing/fake-linear';
import { createGithubPort } from './github-port';
import { createGitlabPort } from './gitlab-port';
import { createJiraPort } from './jira-port';
import { createLinearPort } from './linear-port';
import type { FetchLike, TicketPort } from './ticket-port';

let github: FakeGithub;
let gitlab: FakeGitlab;
let jira: FakeJira;
let linear: FakeLinear;

beforeAll(async () => {
  [github, gitlab, jira, linear] = await Promise.all([
    startFakeGithub({ token: 't', repository: 'a/b' }),
    startFakeGitlab({ token: 't', project: 'g/p' }),
    startFakeJira({ email: 'a@b.co', token: 't', project: 'OPS' }),
    startFakeLinear({ apiKey: 't', teamId: 'team', teamKey: 'ENG' }),
  ]);
});
afterAll(async () => {
  await Promise.all([github, gitlab, jira, linear].map((fake) => fake?.close()));
});

const ports = (fetch: FetchLike): Record<string, TicketPort> => ({
  GitHub: createGithubPort({ baseUrl: github.apiUrl, token: 't', repository: 'a/b', fetch }),
  GitLab: createGitlabPort({ baseUrl: gitlab.url, token: 't', project: 'g/p', fetch }),
  Jira: createJiraPort({ baseUrl: jira.url, email: 'a@b.co', token: 't', project: 'OPS', fetch }),
  Linear: createLinearPort({ apiUrl: linear.apiUrl, apiKey: 't', team: 'team', fetch }),
});

describe('vendor ports', () => {
  it('go through the SSRF guard: loopback refused, named as a bad URL', async () => {
    const refusing = guardedFetch(createSsrfGuard({ allow: [] }));
    for (const [vendor, port] of Object.entries(ports(refusing))) {
      const result = await port.test();
      expect(result.ok, vendor).toBe(false);
      expect(result.problem, vendor).toMatchObject({
        kind: 'bad-url',
        status: null,
        message: expect.stringMatching(
          new RegExp(`^${vendor} URL refused: 127\\.0\\.0\\.1:\\d+ resolves to 127\\.0\\.0\\.1`),
        ),
      });
    }
  });

  it('reach the fakes when the guard allows them', async () => {
    const allowing = guardedFetch(createSsrfGuard({ allow: ['127.0.0.1'] }));
    for (const [vendor, port] of Object.entries(ports(allowing))) {
      expect((await port.test()).ok, vendor).toBe(true);
    }
  });
});
