/**
 * GitLab (gitlab.com or self-managed, `baseUrl` the instance root) through `@gitbeaker/rest`'s
 * resources with a requester of ours: gitbeaker's own calls the global `fetch` (no injection) and
 * retries 429/502 ten times ignoring Retry-After, so Dexter passes `requesterFn`, which runs on the
 * injected `fetch` and does not retry (reads are retried by `withRetry`). Personal, project and
 * group tokens go in `PRIVATE-TOKEN`. Tickets are issues keyed `group/project#iid`.
 */
import { IssueNotes, Issues, Projects, Users } from '@gitbeaker/rest';
import type { TicketFacts } from '../integrations-store';
import {
  type FetchLike,
  failedTest,
  markdownBody,
  okTest,
  rateLimitOf,
  type TicketPort,
  transportError,
  VendorError,
  vendorErrorFor,
  withRetry,
} from './ticket-port';

export const GITLAB_URL = 'https://gitlab.com';
const VENDOR = 'GitLab';
const KEY = /^([\w.-]+(?:\/[\w.-]+)+)#(\d+)$/;

interface GitlabOptions {
  baseUrl: string;
  token: string;
  /** `group/project` new issues go to. */
  project: string;
  fetch: FetchLike;
}

interface ServiceOptions {
  url: string;
  headers?: Record<string, string>;
  authHeaders?: Record<string, () => string | Promise<string>>;
}

interface RequestOptions {
  body?: Record<string, unknown>;
  searchParams?: Record<string, unknown>;
}

/** gitbeaker's requester contract: get/post/put/patch/delete(endpoint, options) -> {body, headers, status}. */
function requesterOver(fetch: FetchLike) {
  return (service: ServiceOptions) => {
    const send =
      (method: string) =>
      async (endpoint: string, options: RequestOptions = {}) => {
        const base = service.url.endsWith('/') ? service.url : `${service.url}/`;
        const url = new URL(endpoint, base);
        for (const [name, value] of Object.entries(options.searchParams ?? {}))
          if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
        const headers: Record<string, string> = { ...service.headers };
        for (const [name, value] of Object.entries(service.authHeaders ?? {})) headers[name] = await value();
        let body: string | undefined;
        if (options.body) {
          body = JSON.stringify(options.body);
          headers['content-type'] = 'application/json';
        }
        let response: Response;
        try {
          response = await fetch(url.href, { method, headers, body });
        } catch (error) {
          throw transportError(VENDOR, error);
        }
        const text = await response.text();
        let json: unknown = null;
        try {
          json = text ? JSON.parse(text) : {};
        } catch {
          json = text;
        }
        if (!response.ok) {
          const said = (json as { message?: unknown; error?: unknown } | null) ?? {};
          const detail = typeof said === 'string' ? said : String(said.message ?? said.error ?? '');
          throw vendorErrorFor(
            VENDOR,
            response.status,
            detail,
            rateLimitOf(response.status, response.headers),
          );
        }
        return {
          body: json,
          headers: Object.fromEntries(response.headers.entries()),
          status: response.status,
        };
      };
    return {
      get: send('GET'),
      post: send('POST'),
      put: send('PUT'),
      patch: send('PATCH'),
      delete: send('DELETE'),
    };
  };
}

interface GitlabIssue {
  iid: number;
  web_url: string;
  title: string;
  state: string;
}

export function createGitlabPort(options: GitlabOptions): TicketPort {
  const host = options.baseUrl.replace(/\/+$/, '');
  const config = { host, token: options.token, requesterFn: requesterOver(options.fetch) as never };
  const issues = new Issues(config);
  const factsOf = (project: string, issue: GitlabIssue): TicketFacts => ({
    key: `${project}#${issue.iid}`,
    url: issue.web_url,
    title: issue.title,
    state: issue.state === 'closed' ? 'closed' : 'open',
    stateLabel: issue.state,
  });

  return {
    async test() {
      try {
        const user = (await withRetry(() => new Users(config).showCurrentUser())) as { username?: string };
        try {
          await withRetry(() => new Projects(config).show(options.project));
        } catch (error) {
          if (error instanceof VendorError && error.status === 404)
            throw new VendorError(
              'not-found',
              404,
              `GitLab project ${options.project} does not exist or the token cannot see it`,
            );
          throw error;
        }
        return okTest(user.username ?? null);
      } catch (error) {
        return failedTest(error, VENDOR);
      }
    },

    async create(draft) {
      const project = draft.target ?? options.project;
      const created = (await issues.create(project, draft.title, {
        description: markdownBody(draft),
        ...(draft.labels.length ? { labels: draft.labels.join(',') } : {}),
        // Snake case: our requester sends the body as given (gitbeaker's own would decamelize).
        ...(draft.assignee ? ({ assignee_ids: [Number(draft.assignee)] } as object) : {}),
      })) as unknown as GitlabIssue;
      return factsOf(project, created);
    },

    async get(key) {
      const match = KEY.exec(key);
      if (!match) throw new VendorError('not-found', null, `${key} is not a group/project#iid key`);
      const issue = (await withRetry(() =>
        issues.show(Number(match[2]), { projectId: match[1]! }),
      )) as unknown as GitlabIssue;
      return factsOf(match[1]!, issue);
    },

    async comment(key, text) {
      const match = KEY.exec(key);
      if (!match) throw new VendorError('not-found', null, `${key} is not a group/project#iid key`);
      await new IssueNotes(config).create(match[1]!, Number(match[2]), text);
    },

    parseRef(ref) {
      const text = ref.trim();
      const url = /^https?:\/\/[^/]+\/(.+?)\/-\/issues\/(\d+)\/?(?:[?#].*)?$/.exec(text);
      if (url) return `${url[1]}#${url[2]}`;
      if (KEY.test(text)) return text;
      const short = /^#?(\d+)$/.exec(text);
      return short ? `${options.project}#${short[1]}` : null;
    },
  };
}
