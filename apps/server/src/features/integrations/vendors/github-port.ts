/**
 * GitHub (github.com or Enterprise, `baseUrl` `https://HOST/api/v3`) through `@octokit/rest`.
 * Tickets are issues of the connection's repository, keyed `owner/repo#number`.
 */
import { Octokit } from '@octokit/rest';
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

export const GITHUB_API = 'https://api.github.com';
const VENDOR = 'GitHub';

interface GithubOptions {
  baseUrl: string;
  token: string;
  /** `owner/repo` new issues go to. */
  repository: string;
  fetch: FetchLike;
}

function classify(error: unknown): VendorError {
  if (error instanceof VendorError) return error;
  const failure = error as {
    status?: number;
    response?: { data?: { message?: string }; headers?: Record<string, unknown> };
  };
  // Octokit reports a failed fetch as a RequestError without a response: no answer came.
  if (typeof failure.status === 'number' && failure.response)
    return vendorErrorFor(
      VENDOR,
      failure.status,
      failure.response.data?.message ?? '',
      rateLimitOf(failure.status, failure.response.headers ?? {}),
    );
  return transportError(VENDOR, (error as { cause?: unknown }).cause ?? error);
}

const call = async <T>(request: () => Promise<T>): Promise<T> => {
  try {
    return await request();
  } catch (error) {
    throw classify(error);
  }
};

interface GithubIssue {
  number: number;
  html_url: string;
  title: string;
  state: string;
  state_reason?: string | null;
}

const factsOf = (repository: string, issue: GithubIssue): TicketFacts => ({
  key: `${repository}#${issue.number}`,
  url: issue.html_url,
  title: issue.title,
  state: issue.state === 'closed' ? 'closed' : 'open',
  stateLabel: issue.state_reason ? `${issue.state} (${issue.state_reason})` : issue.state,
});

export function createGithubPort(options: GithubOptions): TicketPort {
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: 'Dexter',
    // Failures become VendorErrors with their own message; Octokit's request log would repeat them.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request: { fetch: options.fetch, retries: 0 },
  });
  const [owner, repo] = options.repository.split('/') as [string, string];

  return {
    async test() {
      try {
        const user = await withRetry(() => call(() => octokit.rest.users.getAuthenticated()));
        // Classic tokens list their scopes; fine-grained tokens and apps send no such header.
        const scopes = user.headers['x-oauth-scopes'];
        if (typeof scopes === 'string') {
          const list = scopes.split(',').map((scope) => scope.trim());
          if (!list.includes('repo') && !list.includes('public_repo'))
            throw new VendorError(
              'scope',
              200,
              `the token's scopes are "${scopes || 'none'}": creating issues needs "repo" (or "public_repo")`,
            );
        }
        const repository = await withRetry(() => call(() => octokit.rest.repos.get({ owner, repo })));
        if (repository.data.has_issues === false)
          throw new VendorError('not-found', 200, `issues are turned off in ${options.repository}`);
        return okTest(user.data.login);
      } catch (error) {
        if (error instanceof VendorError && error.kind === 'not-found' && error.status === 404)
          return failedTest(
            new VendorError(
              'not-found',
              404,
              `${options.repository} does not exist or the token cannot see it`,
            ),
            VENDOR,
          );
        return failedTest(classify(error), VENDOR);
      }
    },

    async create(draft) {
      const repository = draft.target ?? options.repository;
      const [toOwner, toRepo] = repository.split('/') as [string, string];
      const created = await call(() =>
        octokit.rest.issues.create({
          owner: toOwner,
          repo: toRepo,
          title: draft.title,
          body: markdownBody(draft),
          labels: [...draft.labels],
          ...(draft.assignee ? { assignees: [draft.assignee] } : {}),
        }),
      );
      return factsOf(repository, created.data);
    },

    async get(key) {
      const match = /^([\w.-]+)\/([\w.-]+)#(\d+)$/.exec(key);
      if (!match) throw new VendorError('not-found', null, `${key} is not an owner/repo#number key`);
      const [, keyOwner, keyRepo, number] = match;
      const issue = await withRetry(() =>
        call(() =>
          octokit.rest.issues.get({ owner: keyOwner!, repo: keyRepo!, issue_number: Number(number) }),
        ),
      );
      return factsOf(`${keyOwner}/${keyRepo}`, issue.data);
    },

    async comment(key, text) {
      const match = /^([\w.-]+)\/([\w.-]+)#(\d+)$/.exec(key);
      if (!match) throw new VendorError('not-found', null, `${key} is not an owner/repo#number key`);
      await call(() =>
        octokit.rest.issues.createComment({
          owner: match[1]!,
          repo: match[2]!,
          issue_number: Number(match[3]),
          body: text,
        }),
      );
    },

    parseRef(ref) {
      const text = ref.trim();
      const url = /^https?:\/\/[^/]+\/([\w.-]+)\/([\w.-]+)\/(?:issues|pull)\/(\d+)\/?(?:[?#].*)?$/.exec(text);
      if (url) return `${url[1]}/${url[2]}#${url[3]}`;
      const full = /^([\w.-]+)\/([\w.-]+)#(\d+)$/.exec(text);
      if (full) return text;
      const short = /^#?(\d+)$/.exec(text);
      return short ? `${options.repository}#${short[1]}` : null;
    },
  };
}
