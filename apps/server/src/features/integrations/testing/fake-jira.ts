/**
 * A Jira Cloud REST v3 fake for one project. Every request is checked against Atlassian's
 * published OpenAPI document; non-conforming ones are recorded in `violations` and answered 400.
 * Auth: Basic base64(email:token) with the configured pair, else 401. Statuses carry the real
 * status-category keys (`new`, `indeterminate`, `done`), not the spec's example values.
 */
import { createHmac } from 'node:crypto';
import { type FakeServer, startFakeServer } from './fake-server';
import { openApiContract } from './openapi-contract';

let contract: ReturnType<typeof openApiContract> | null = null;
const jiraContract = () => {
  contract ??= openApiContract('jira-cloud-platform.swagger-v3.v3.json');
  return contract;
};

interface FakeJiraIssue {
  key: string;
  summary: string;
  labels: string[];
  description: unknown;
  done: boolean;
  remoteLinks: Array<{ globalId?: string; url: string; title: string }>;
  comments: unknown[];
}

export interface FakeJira extends FakeServer {
  issues: Map<string, FakeJiraIssue>;
  calls: Array<{ operationId: string | null; method: string; path: string; body: unknown }>;
  violations: Array<{ method: string; path: string; problem: string }>;
  failNext(status: number, times?: number): void;
  /** Moves the issue to Done; the admin-webhook delivery Jira would send, signed with `secret`. */
  resolveIssue(key: string, secret: string): { headers: Record<string, string>; body: string };
}

export async function startFakeJira(options: {
  email: string;
  token: string;
  project: string;
}): Promise<FakeJira> {
  const issues = new Map<string, FakeJiraIssue>();
  const calls: FakeJira['calls'] = [];
  const violations: FakeJira['violations'] = [];
  const failures: number[] = [];
  let next = 1;
  let deliveries = 0;
  const basic = `Basic ${Buffer.from(`${options.email}:${options.token}`).toString('base64')}`;
  const status = (done: boolean) =>
    done
      ? { id: '10002', name: 'Done', statusCategory: { id: 3, key: 'done', name: 'Done' } }
      : { id: '10000', name: 'To Do', statusCategory: { id: 2, key: 'new', name: 'To Do' } };
  const issueJson = (issue: FakeJiraIssue) => ({
    id: String(10000 + Number(issue.key.split('-')[1])),
    key: issue.key,
    self: `http://fake/rest/api/3/issue/${issue.key}`,
    fields: { summary: issue.summary, status: status(issue.done), labels: issue.labels },
  });

  const fake = {
    issues,
    calls,
    violations,
    failNext(code: number, times = 1) {
      for (let i = 0; i < times; i++) failures.push(code);
    },
    resolveIssue(key: string, secret: string) {
      const issue = issues.get(key);
      if (!issue) throw new Error(`no fake Jira issue ${key}`);
      issue.done = true;
      const body = JSON.stringify({
        timestamp: Date.now(),
        webhookEvent: 'jira:issue_updated',
        issue_event_type_name: 'issue_generic',
        issue: issueJson(issue),
        changelog: { items: [{ field: 'status', fromString: 'To Do', toString: 'Done' }] },
      });
      deliveries += 1;
      return {
        body,
        headers: {
          'content-type': 'application/json',
          'x-atlassian-webhook-identifier': `fake-${deliveries}`,
          'x-atlassian-webhook-flow': 'Primary',
          'x-hub-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
        },
      };
    },
  };

  const server = await startFakeServer(({ method, url, headers, body }) => {
    const path = new URL(url, 'http://fake').pathname;
    const checked = jiraContract().check(method, url, body);
    calls.push({ operationId: checked.operationId, method, path, body });
    if (checked.violations.length) {
      violations.push(...checked.violations);
      return { status: 400, body: { errorMessages: checked.violations.map((v) => v.problem), errors: {} } };
    }
    if (headers.authorization !== basic)
      return {
        status: 401,
        body: { errorMessages: ['Client must be authenticated to access this resource.'] },
      };
    const failure = failures.shift();
    if (failure) return { status: failure, body: { errorMessages: ['Service unavailable (fake)'] } };
    const id = checked.operationId;
    if (id === 'getCurrentUser')
      return {
        status: 200,
        body: { accountId: 'abc', emailAddress: options.email, displayName: 'Dexter Bot' },
      };
    if (id === 'getProject')
      return path.endsWith(`/project/${options.project}`)
        ? { status: 200, body: { id: '10000', key: options.project, name: 'Operations' } }
        : { status: 404, body: { errorMessages: ['No project could be found with key.'] } };
    if (id === 'createIssue') {
      const fields = (body as { fields: Record<string, unknown> }).fields;
      const key = `${options.project}-${next++}`;
      issues.set(key, {
        key,
        summary: String(fields.summary),
        labels: (fields.labels as string[] | undefined) ?? [],
        description: fields.description,
        done: false,
        remoteLinks: [],
        comments: [],
      });
      const created = issueJson(issues.get(key)!);
      return { status: 201, body: { id: created.id, key, self: created.self } };
    }
    const key = decodeURIComponent(path.split('/')[5] ?? '');
    const issue = issues.get(key);
    if (!issue)
      return {
        status: 404,
        body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] },
      };
    if (id === 'getIssue') return { status: 200, body: issueJson(issue) };
    if (id === 'addComment') {
      issue.comments.push((body as { body: unknown }).body);
      return { status: 201, body: { id: String(issue.comments.length) } };
    }
    if (id === 'createOrUpdateRemoteIssueLink') {
      const link = body as { globalId?: string; object: { url: string; title: string } };
      issue.remoteLinks.push({ globalId: link.globalId, ...link.object });
      return { status: 201, body: { id: issue.remoteLinks.length, self: 'http://fake/remotelink' } };
    }
    return { status: 404, body: { errorMessages: [`fake has no ${id}`] } };
  });
  return Object.assign(server, fake);
}
