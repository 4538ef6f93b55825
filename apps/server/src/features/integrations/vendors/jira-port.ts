/**
 * Jira Cloud (`https://SITE.atlassian.net`, Basic e-mail + API token) through jira.js 5's
 * Version3Client, whose axios runs on its fetch adapter with the injected `fetch`. Tickets are
 * issues of the connection's project, keyed `OPS-7`; "closed" means status category `done`.
 * The link back to Dexter is a remote link (globalId = the Dexter URL, so re-linking updates it).
 */
import { Version3Client } from 'jira.js';
import type { TicketFacts } from '../integrations-store';
import {
  type FetchLike,
  failedTest,
  okTest,
  rateLimitOf,
  type TicketDraft,
  type TicketPort,
  transportError,
  VendorError,
  vendorErrorFor,
  withRetry,
} from './ticket-port';

const VENDOR = 'Jira';
const KEY = /^[A-Z][A-Z0-9_]*-\d+$/;

interface JiraOptions {
  baseUrl: string;
  email: string;
  token: string;
  /** Project key new issues go to. */
  project: string;
  fetch: FetchLike;
}

function classify(error: unknown): VendorError {
  if (error instanceof VendorError) return error;
  const failure = error as {
    status?: number;
    cause?: { response?: { data?: unknown; headers?: Record<string, unknown> } };
  };
  if (typeof failure.status === 'number' && failure.cause?.response) {
    const data = failure.cause.response.data as {
      errorMessages?: string[];
      errors?: Record<string, string>;
    } | null;
    const detail = [
      ...(data?.errorMessages ?? []),
      ...Object.entries(data?.errors ?? {}).map(([k, v]) => `${k}: ${v}`),
    ];
    return vendorErrorFor(
      VENDOR,
      failure.status,
      detail.join('; '),
      rateLimitOf(failure.status, { ...failure.cause.response.headers }),
    );
  }
  return transportError(VENDOR, (error as { cause?: unknown }).cause ?? error);
}

const call = async <T>(request: () => Promise<T>): Promise<T> => {
  try {
    return await request();
  } catch (error) {
    throw classify(error);
  }
};

/** Atlassian Document Format: the summary, the frames as a code block, the link back. */
function adfOf(draft: TicketDraft) {
  const text = (value: string) => ({ type: 'text', text: value });
  return {
    type: 'doc',
    version: 1,
    content: [
      { type: 'paragraph', content: [text(draft.summary)] },
      draft.frames.length
        ? { type: 'codeBlock', content: [text(draft.frames.join('\n'))] }
        : { type: 'paragraph', content: [text('No in-app frames in the latest event.')] },
      {
        type: 'paragraph',
        content: [
          {
            type: 'text',
            text: draft.backLink.title,
            marks: [{ type: 'link', attrs: { href: draft.backLink.url } }],
          },
          text(' in Dexter'),
        ],
      },
    ],
  };
}

export function createJiraPort(options: JiraOptions): TicketPort {
  const site = options.baseUrl.replace(/\/+$/, '');
  const client = new Version3Client({
    host: site,
    authentication: { basic: { email: options.email, apiToken: options.token } },
    // axios' fetch adapter with our fetch: every call goes through the SSRF guard.
    baseRequestConfig: { adapter: 'fetch', env: { fetch: options.fetch } } as never,
  });

  const read = async (key: string): Promise<TicketFacts> => {
    const issue = await withRetry(() =>
      call(() => client.issues.getIssue({ issueIdOrKey: key, fields: ['summary', 'status'] })),
    );
    const status = issue.fields.status;
    return {
      key: issue.key,
      url: `${site}/browse/${issue.key}`,
      title: String(issue.fields.summary ?? issue.key),
      state: status?.statusCategory?.key === 'done' ? 'closed' : 'open',
      stateLabel: status?.name ?? 'unknown',
    };
  };

  return {
    async test() {
      try {
        const myself = await withRetry(() => call(() => client.myself.getCurrentUser()));
        try {
          await withRetry(() => call(() => client.projects.getProject({ projectIdOrKey: options.project })));
        } catch (error) {
          const failure = classify(error);
          if (failure.status === 404)
            throw new VendorError(
              'not-found',
              404,
              `Jira project ${options.project} does not exist or the token cannot see it`,
            );
          throw failure;
        }
        return okTest(myself.emailAddress ?? myself.displayName ?? options.email);
      } catch (error) {
        return failedTest(classify(error), VENDOR);
      }
    },

    async create(draft) {
      const created = await call(() =>
        client.issues.createIssue({
          fields: {
            project: { key: draft.target ?? options.project },
            issuetype: { name: 'Task' },
            summary: draft.title,
            description: adfOf(draft) as never,
            labels: draft.labels.map((label) => label.replace(/\s+/g, '-')),
            ...(draft.assignee ? { assignee: { accountId: draft.assignee } } : {}),
          },
        }),
      );
      // The link back is a convenience: the ticket exists either way, so its failure is not fatal.
      await call(() =>
        client.issueRemoteLinks.createOrUpdateRemoteIssueLink({
          issueIdOrKey: created.key,
          globalId: draft.backLink.url,
          object: { url: draft.backLink.url, title: draft.backLink.title },
        }),
      ).catch(() => undefined);
      return read(created.key);
    },

    get: (key) => {
      if (!KEY.test(key))
        throw new VendorError('not-found', null, `${key} is not a Jira issue key such as OPS-7`);
      return read(key);
    },

    async comment(key, text) {
      await call(() => client.issueComments.addComment({ issueIdOrKey: key, comment: text }));
    },

    parseRef(ref) {
      const text = ref.trim();
      const url = /\/browse\/([A-Z][A-Z0-9_]*-\d+)(?:[/?#].*)?$/.exec(text);
      if (url) return url[1]!;
      const selected = /[?&]selectedIssue=([A-Z][A-Z0-9_]*-\d+)/.exec(text);
      if (selected) return selected[1]!;
      return KEY.test(text.toUpperCase()) ? text.toUpperCase() : null;
    },
  };
}
