/**
 * A GitLab REST v4 fake for one project. No copy of GitLab's OpenAPI document is among the vendor
 * specs here (the 3.9 MB `doc/api/openapi/openapi_v3.yaml` is too large to pull offline), so
 * requests are checked against shapes recorded from GitLab's REST documentation (`doc/api/issues.md`
 * "New issue", `doc/api/users.md`, `doc/api/projects.md`): the known paths, `PRIVATE-TOKEN`
 * auth, and the create-issue body (title required; description, labels as a comma-separated
 * string; no other field Dexter should send). Violations are recorded and answered 400.
 */
import { Ajv } from 'ajv';
import { type FakeAnswer, type FakeServer, startFakeServer } from './fake-server';

const CREATE_ISSUE_BODY = {
  type: 'object',
  required: ['title'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1 },
    description: { type: 'string', maxLength: 1_048_576 },
    labels: { type: 'string' },
    assignee_ids: { type: 'array', items: { type: 'integer' } },
    confidential: { type: 'boolean' },
    issue_type: { enum: ['issue', 'incident', 'test_case', 'task'] },
  },
};
const validateCreate = new Ajv({ allErrors: true }).compile(CREATE_ISSUE_BODY);

interface FakeGitlabIssue {
  iid: number;
  title: string;
  description: string;
  labels: string[];
  state: 'opened' | 'closed';
  notes: string[];
}

export interface FakeGitlab extends FakeServer {
  issues: Map<number, FakeGitlabIssue>;
  calls: Array<{ method: string; path: string; body: unknown }>;
  violations: string[];
  addIssue(title: string): FakeGitlabIssue;
  /** Closes the issue; the `Issue Hook` delivery GitLab would send with `secret` as its token. */
  closeIssue(iid: number, secret: string): { headers: Record<string, string>; body: string };
}

export async function startFakeGitlab(options: { token: string; project: string }): Promise<FakeGitlab> {
  const issues = new Map<number, FakeGitlabIssue>();
  const calls: FakeGitlab['calls'] = [];
  const violations: string[] = [];
  let next = 1;
  let deliveries = 0;
  let server: FakeServer;
  const encoded = encodeURIComponent(options.project);
  const issueJson = (issue: FakeGitlabIssue) => ({
    id: 5000 + issue.iid,
    iid: issue.iid,
    project_id: 42,
    title: issue.title,
    description: issue.description,
    labels: issue.labels,
    state: issue.state,
    web_url: `${server.url}/${options.project}/-/issues/${issue.iid}`,
  });

  const fake = {
    issues,
    calls,
    violations,
    addIssue(title: string) {
      const issue: FakeGitlabIssue = {
        iid: next++,
        title,
        description: '',
        labels: [],
        state: 'opened',
        notes: [],
      };
      issues.set(issue.iid, issue);
      return issue;
    },
    closeIssue(iid: number, secret: string) {
      const issue = issues.get(iid);
      if (!issue) throw new Error(`no fake GitLab issue ${iid}`);
      issue.state = 'closed';
      deliveries += 1;
      const body = JSON.stringify({
        object_kind: 'issue',
        event_type: 'issue',
        project: { id: 42, path_with_namespace: options.project },
        object_attributes: { ...issueJson(issue), action: 'close' },
      });
      return {
        body,
        headers: {
          'content-type': 'application/json',
          'x-gitlab-event': 'Issue Hook',
          'x-gitlab-token': secret,
          'x-gitlab-event-uuid': `event-${deliveries}`,
          'idempotency-key': `idem-${deliveries}`,
        },
      };
    },
  };

  server = await startFakeServer(({ method, url, headers, body }): FakeAnswer => {
    const path = new URL(url, 'http://fake').pathname;
    calls.push({ method, path, body });
    const project = `/api/v4/projects/${encoded}`;
    const known =
      (method === 'GET' &&
        (path === '/api/v4/user' ||
          path === project ||
          /^\/api\/v4\/projects\/[^/]+\/issues\/\d+$/.test(path))) ||
      (method === 'POST' && /^\/api\/v4\/projects\/[^/]+\/issues(\/\d+\/notes)?$/.test(path));
    if (!known) {
      violations.push(`${method} ${path}: not a documented call`);
      return { status: 400, body: { message: 'not a documented call' } };
    }
    const notes = /\/issues\/(\d+)\/notes$/.exec(path);
    if (notes) {
      // doc/api/notes.md "Create new issue note": body (required), internal, created_at.
      const note = body as { body?: unknown } | undefined;
      if (
        typeof note?.body !== 'string' ||
        Object.keys(note).some((key) => !['body', 'internal', 'created_at'].includes(key))
      ) {
        violations.push(`${method} ${path}: a note takes a string body only`);
        return { status: 400, body: { message: 'invalid note' } };
      }
      if (headers['private-token'] !== options.token)
        return { status: 401, body: { message: '401 Unauthorized' } };
      const issue = issues.get(Number(notes[1]));
      if (!issue) return { status: 404, body: { message: '404 Not found' } };
      issue.notes.push(note.body);
      return { status: 201, body: { id: issue.notes.length, body: note.body } };
    }
    if (method === 'POST' && !validateCreate(body)) {
      violations.push(
        ...(validateCreate.errors ?? []).map((e) => `${method} ${path}: body${e.instancePath} ${e.message}`),
      );
      return { status: 400, body: { message: 'invalid body' } };
    }
    if (headers['private-token'] !== options.token)
      return { status: 401, body: { message: '401 Unauthorized' } };
    if (path === '/api/v4/user') return { status: 200, body: { id: 1, username: 'dexter-bot' } };
    if (!path.startsWith(project)) return { status: 404, body: { message: '404 Project Not Found' } };
    if (path === project) return { status: 200, body: { id: 42, path_with_namespace: options.project } };
    if (method === 'POST') {
      const input = body as { title: string; description?: string; labels?: string };
      const issue: FakeGitlabIssue = {
        iid: next++,
        title: input.title,
        description: input.description ?? '',
        labels: input.labels ? input.labels.split(',') : [],
        state: 'opened',
        notes: [],
      };
      issues.set(issue.iid, issue);
      return { status: 201, body: issueJson(issue) };
    }
    const issue = issues.get(Number(path.split('/').pop()));
    return issue
      ? { status: 200, body: issueJson(issue) }
      : { status: 404, body: { message: '404 Not found' } };
  });
  return Object.assign(server, fake);
}
