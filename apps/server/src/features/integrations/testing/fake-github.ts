/**
 * A GitHub REST fake (`/api/v3`, as on GitHub Enterprise) for one repository. Every request is
 * checked against GitHub's published OpenAPI description (operation, path, request body); what
 * does not conform is recorded in `violations` and answered 400. Tokens: `token <t>` with the
 * configured token, else 401 "Bad credentials". `failNext` queues vendor failures (5xx).
 */
import { sign } from '@octokit/webhooks-methods';
import { type FakeAnswer, type FakeServer, startFakeServer } from './fake-server';
import { openApiContract } from './openapi-contract';

let contract: ReturnType<typeof openApiContract> | null = null;
const githubContract = () => {
  contract ??= openApiContract('api.github.com.octokit-openapi-23.0.2.json.gz', '/api/v3');
  return contract;
};

interface FakeIssue {
  number: number;
  repository: string;
  assignees: string[];
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  state_reason: string | null;
  comments: string[];
}

export interface FakeGithub extends FakeServer {
  /** What Dexter sets as the connection's base URL. */
  apiUrl: string;
  issues: Map<number, FakeIssue>;
  calls: Array<{ operationId: string | null; method: string; path: string; body: unknown }>;
  violations: Array<{ method: string; path: string; problem: string }>;
  /** The `x-oauth-scopes` header of `GET /user` (classic tokens); null: not sent. */
  scopes: string | null;
  failNext(status: number, times?: number, headers?: Record<string, string>): void;
  /** Adds an issue as if made on GitHub. */
  addIssue(title: string): FakeIssue;
  /** Closes an issue; the `issues` webhook delivery GitHub would send, signed with `secret`. */
  closeIssue(number: number, secret: string): Promise<{ headers: Record<string, string>; body: string }>;
}

export async function startFakeGithub(options: {
  token: string;
  repository: string;
  /** More repositories the token may create issues in (a project's default repository). */
  otherRepositories?: string[];
}): Promise<FakeGithub> {
  const repositories = [options.repository, ...(options.otherRepositories ?? [])];
  const issues = new Map<number, FakeIssue>();
  const calls: FakeGithub['calls'] = [];
  const violations: FakeGithub['violations'] = [];
  const failures: Array<{ status: number; headers: Record<string, string> }> = [];
  let next = 1;
  let deliveries = 0;
  let server: FakeServer;
  let api: FakeGithub;

  const issueJson = (issue: FakeIssue) => ({
    id: 1000 + issue.number,
    number: issue.number,
    html_url: `${server.url}/${issue.repository}/issues/${issue.number}`,
    url: `${server.url}/api/v3/repos/${issue.repository}/issues/${issue.number}`,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.state_reason,
    labels: issue.labels.map((name, index) => ({ id: index + 1, name })),
    assignees: issue.assignees.map((login, index) => ({ login, id: 500 + index })),
  });

  const fake = {
    issues,
    calls,
    violations,
    scopes: 'repo, read:user' as string | null,
    failNext(status: number, times = 1, headers: Record<string, string> = {}) {
      for (let i = 0; i < times; i++) failures.push({ status, headers });
    },
    addIssue(title: string) {
      const issue: FakeIssue = {
        number: next++,
        repository: options.repository,
        assignees: [],
        title,
        body: '',
        labels: [],
        state: 'open',
        state_reason: null,
        comments: [],
      };
      issues.set(issue.number, issue);
      return issue;
    },
    async closeIssue(number: number, secret: string) {
      const issue = issues.get(number);
      if (!issue) throw new Error(`no fake issue ${number}`);
      issue.state = 'closed';
      issue.state_reason = 'completed';
      const body = JSON.stringify({
        action: 'closed',
        issue: issueJson(issue),
        repository: { full_name: options.repository, name: options.repository.split('/')[1] },
        sender: { login: 'octocat' },
      });
      deliveries += 1;
      return {
        body,
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'issues',
          'x-github-delivery': `72d3162e-cc78-11e3-81ab-4c9367dc${String(deliveries).padStart(4, '0')}`,
          'x-hub-signature-256': await sign(secret, body),
          'user-agent': 'GitHub-Hookshot/fake',
        },
      };
    },
  };

  server = await startFakeServer(({ method, url, headers, body }): FakeAnswer => {
    const path = new URL(url, 'http://fake').pathname;
    const checked = githubContract().check(method, url, body);
    calls.push({ operationId: checked.operationId, method, path, body });
    if (checked.violations.length) {
      violations.push(...checked.violations);
      return { status: 400, body: { message: checked.violations.map((v) => v.problem).join('; ') } };
    }
    if (headers.authorization !== `token ${options.token}`)
      return {
        status: 401,
        body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' },
      };
    const failure = failures.shift();
    if (failure)
      return {
        status: failure.status,
        headers: failure.headers,
        body: {
          message: failure.status === 403 ? 'API rate limit exceeded (fake)' : 'Service unavailable (fake)',
        },
      };
    const repository = repositories.find((name) => path.startsWith(`/api/v3/repos/${name}/`));
    if (checked.operationId === 'users/get-authenticated')
      return {
        status: 200,
        body: { login: 'dexter-bot', id: 1, type: 'User' },
        headers: api.scopes === null ? {} : ({ 'x-oauth-scopes': api.scopes } as Record<string, string>),
      };
    if (!repository && !path.startsWith(`/api/v3/repos/${options.repository}`))
      return { status: 404, body: { message: 'Not Found' } };
    if (checked.operationId === 'repos/get')
      return { status: 200, body: { id: 7, full_name: options.repository, has_issues: true } };
    if (checked.operationId === 'issues/create') {
      const input = body as { title: string; body?: string; labels?: string[]; assignees?: string[] };
      const issue: FakeIssue = {
        number: next++,
        repository: repository ?? options.repository,
        assignees: input.assignees ?? [],
        title: String(input.title),
        body: input.body ?? '',
        labels: input.labels ?? [],
        state: 'open',
        state_reason: null,
        comments: [],
      };
      issues.set(issue.number, issue);
      return { status: 201, body: issueJson(issue) };
    }
    if (checked.operationId === 'issues/create-comment') {
      const issue = issues.get(Number(path.split('/')[7]));
      if (!issue) return { status: 404, body: { message: 'Not Found' } };
      issue.comments.push(String((body as { body: string }).body));
      return { status: 201, body: { id: issue.comments.length, body: issue.comments.at(-1) } };
    }
    if (checked.operationId === 'issues/get') {
      const issue = issues.get(Number(path.split('/').pop()));
      return issue
        ? { status: 200, body: issueJson(issue) }
        : { status: 404, body: { message: 'Not Found' } };
    }
    return { status: 404, body: { message: `fake has no ${checked.operationId}` } };
  });
  api = Object.assign(server, fake, { apiUrl: `${server.url}/api/v3` });
  return api;
}
