/**
 * Linear (GraphQL at `https://api.linear.app/graphql`, a personal API key sent raw in
 * `Authorization`) through `@linear/sdk`'s LinearSdk, whose request function is ours so that it
 * runs on the injected `fetch`. Tickets are issues of the connection's team, keyed by identifier
 * (`ENG-42`); "closed" means a workflow state of type `completed`, `canceled` or `duplicate`.
 */
import { LinearSdk } from '@linear/sdk';
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

export const LINEAR_API = 'https://api.linear.app/graphql';
const VENDOR = 'Linear';
const KEY = /^[A-Z][A-Z0-9]*-\d+$/;
const TEAM_QUERY = 'query DexterTeam($id: String!) { team(id: $id) { id key name } }';
export const CLOSED_LINEAR_STATES = new Set(['completed', 'canceled', 'duplicate']);

interface LinearOptions {
  apiUrl: string;
  apiKey: string;
  /** The team id new issues go to. */
  team: string;
  fetch: FetchLike;
}

interface GraphqlAnswer {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message?: string; extensions?: { type?: string; code?: string } }>;
}

function errorOf(status: number, answer: GraphqlAnswer | null, headers: Headers): VendorError {
  const limited = rateLimitOf(status, headers);
  const first = answer?.errors?.[0];
  const message = first?.message ?? '';
  const type = `${first?.extensions?.type ?? ''} ${first?.extensions?.code ?? ''}`.toLowerCase();
  if (type.includes('authentication')) return vendorErrorFor(VENDOR, 401, message);
  if (type.includes('forbidden')) return vendorErrorFor(VENDOR, 403, message);
  if (type.includes('ratelimited') || limited)
    return vendorErrorFor(VENDOR, 429, message, limited ?? 'retry later');
  if (/not found/i.test(message)) return vendorErrorFor(VENDOR, 404, message);
  if (status >= 400) return vendorErrorFor(VENDOR, status, message);
  return new VendorError('not-found', status, `${VENDOR} refused the request: ${message || 'no detail'}`);
}

export function createLinearPort(options: LinearOptions): TicketPort {
  const request = async (
    document: unknown,
    variables?: Record<string, unknown>,
  ): Promise<Record<string, unknown>> => {
    let response: Response;
    try {
      response = await options.fetch(options.apiUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: options.apiKey },
        body: JSON.stringify({ query: document as unknown as string, variables }),
      });
    } catch (error) {
      throw transportError(VENDOR, error);
    }
    const text = await response.text();
    let answer: GraphqlAnswer | null = null;
    try {
      answer = JSON.parse(text) as GraphqlAnswer;
    } catch {
      answer = null;
    }
    if (!response.ok || !answer?.data || answer.errors?.length)
      throw errorOf(response.status, answer, response.headers);
    return answer.data;
  };
  const sdk = new LinearSdk((document, variables) => request(document, variables) as never);

  const factsOf = async (issue: Awaited<ReturnType<LinearSdk['issue']>>): Promise<TicketFacts> => {
    const state = await issue.state;
    return {
      key: issue.identifier,
      url: issue.url,
      title: issue.title,
      state: state && CLOSED_LINEAR_STATES.has(state.type) ? 'closed' : 'open',
      stateLabel: state?.name ?? 'unknown',
    };
  };

  return {
    async test() {
      try {
        const viewer = await withRetry(() => sdk.viewer);
        try {
          // Not sdk.team(): SDK 98's Team document selects viewerMembership, viewerCanJoin and
          // viewerCanLeave, which Linear's published schema (the SDL Dexter is checked against) lacks.
          await withRetry(() => request(TEAM_QUERY, { id: options.team }));
        } catch (error) {
          if (error instanceof VendorError && error.kind === 'not-found')
            throw new VendorError(
              'not-found',
              error.status,
              `Linear team ${options.team} does not exist or the key cannot see it`,
            );
          throw error;
        }
        return okTest(viewer.email || viewer.name);
      } catch (error) {
        return failedTest(error, VENDOR);
      }
    },

    async create(draft) {
      const payload = await sdk.createIssue({
        teamId: draft.target ?? options.team,
        title: draft.title,
        description: markdownBody(draft),
        ...(draft.assignee ? { assigneeId: draft.assignee } : {}),
      });
      const created = await payload.issue;
      if (!payload.success || !created)
        throw new VendorError('vendor-down', null, 'Linear did not create the issue');
      // The attachment is a convenience: the ticket exists either way.
      await sdk
        .attachmentLinkURL(created.id, draft.backLink.url, { title: draft.backLink.title })
        .catch(() => undefined);
      return factsOf(created);
    },

    async get(key) {
      if (!KEY.test(key))
        throw new VendorError('not-found', null, `${key} is not a Linear issue key such as ENG-42`);
      return factsOf(await withRetry(() => sdk.issue(key)));
    },

    async comment(key, text) {
      const issue = await withRetry(() => sdk.issue(key));
      const created = await sdk.createComment({ issueId: issue.id, body: text });
      if (!created.success) throw new VendorError('vendor-down', null, 'Linear did not add the comment');
    },

    parseRef(ref) {
      const text = ref.trim();
      const url = /^https?:\/\/linear\.app\/[^/]+\/issue\/([A-Za-z][A-Za-z0-9]*-\d+)/.exec(text);
      if (url) return url[1]!.toUpperCase();
      return KEY.test(text.toUpperCase()) ? text.toUpperCase() : null;
    },
  };
}
