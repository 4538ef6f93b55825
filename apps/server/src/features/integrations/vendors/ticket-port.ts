/**
 * The one port every vendor adapter implements (GitHub, Jira, Linear): each wraps the vendor's
 * official client, with its base URL configurable and its `fetch` injected, so tests swap the
 * transport (a local contract fake), never the code. Failures are `VendorError`s that say what
 * failed in words a user can act on.
 */
import type { ConnectionTest } from '@dexter/contracts';
import type { TicketFacts } from '../integrations-store';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface TicketDraft {
  title: string;
  /** What happened: the error's type and message, counts. */
  summary: string;
  /** The top in-app frames, crashing frame first (`fn (file:line)`). */
  frames: readonly string[];
  labels: readonly string[];
  /** Where it goes instead of the connection's target (a project's default), in the target's form. */
  target?: string | null;
  /** Who it is assigned to, in the vendor's form (a project's default). */
  assignee?: string | null;
  /** The Dexter issue's URL and short id. */
  backLink: { url: string; title: string };
}

/** The draft as Markdown (GitHub, Linear). */
export function markdownBody(draft: TicketDraft): string {
  const frames = draft.frames.length
    ? ['', 'Top in-app frames:', '', '```', ...draft.frames, '```']
    : ['', '_No in-app frames in the latest event._'];
  return [draft.summary, ...frames, '', `[${draft.backLink.title}](${draft.backLink.url}) in Dexter`].join(
    '\n',
  );
}

export interface TicketPort {
  /** Who the token is, or exactly what failed (never throws for vendor answers). */
  test(): Promise<ConnectionTest>;
  create(draft: TicketDraft): Promise<TicketFacts>;
  /** One ticket by the canonical key `parseRef` returned. */
  get(key: string): Promise<TicketFacts>;
  /** Adds a comment to the ticket (plain text with a URL). */
  comment(key: string, text: string): Promise<void>;
  /** A URL or key the user typed, as the canonical key; null when it is not this vendor's. */
  parseRef(ref: string): string | null;
}

export type VendorProblem = NonNullable<ConnectionTest['problem']>['kind'];

export class VendorError extends Error {
  override readonly name = 'VendorError';
  constructor(
    readonly kind: VendorProblem,
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A rate limit in a vendor's answer, from its headers: GitHub answers 403 or 429 with
 * `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (epoch seconds), or `retry-after` (seconds)
 * for secondary limits; Jira and Linear send `retry-after` with 429. Null: not rate-limited.
 */
export function rateLimitOf(
  status: number,
  headers: Headers | Record<string, unknown>,
  now = Date.now(),
): string | null {
  const read = (name: string) => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name];
    return value === undefined || value === null ? null : String(value);
  };
  const retryAfter = Number(read('retry-after'));
  if ((status === 403 || status === 429) && Number.isFinite(retryAfter) && retryAfter > 0)
    return `retry after ${Math.ceil(retryAfter)} s`;
  const reset = Number(read('x-ratelimit-reset'));
  if ((status === 403 || status === 429) && read('x-ratelimit-remaining') === '0' && Number.isFinite(reset))
    return `the limit resets at ${new Date(reset * 1000).toISOString().slice(11, 19)} UTC (in ${Math.max(0, Math.ceil(reset - now / 1000))} s)`;
  return status === 429 ? 'retry later' : null;
}

/** The problem in a vendor's HTTP answer, named per status. */
export function vendorErrorFor(
  vendor: string,
  status: number,
  detail: string,
  rateLimit: string | null = null,
): VendorError {
  const said = detail ? `: ${detail.slice(0, 200)}` : '';
  if (rateLimit)
    return new VendorError(
      'rate-limited',
      status,
      `${vendor} is rate-limiting this token (${status}${said}); ${rateLimit}`,
    );
  if (status === 401)
    return new VendorError(
      'auth',
      status,
      `${vendor} rejected the token (401${said}); it is wrong, expired or revoked`,
    );
  if (status === 403)
    return new VendorError(
      'scope',
      status,
      `${vendor} refused the call (403${said}); the token lacks a permission it needs`,
    );
  if (status === 404)
    return new VendorError(
      'not-found',
      status,
      `${vendor} has no such resource, or the token cannot see it (404${said})`,
    );
  if (status === 429)
    return new VendorError(
      'rate-limited',
      status,
      `${vendor} is rate-limiting this token (429${said}); retry later`,
    );
  if (status >= 500)
    return new VendorError('vendor-down', status, `${vendor} failed (${status}${said}); retry later`);
  return new VendorError('not-found', status, `${vendor} answered ${status}${said}`);
}

/** Network and SSRF failures (no HTTP answer) as a VendorError. */
export function transportError(vendor: string, error: unknown): VendorError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'UnsafeUrlError')
    return new VendorError('bad-url', null, `${vendor} URL refused: ${message}`);
  return new VendorError('network', null, `${vendor} could not be reached: ${message}`);
}

export const okTest = (account: string | null): ConnectionTest => ({ ok: true, account, problem: null });
export const failedTest = (error: unknown, vendor: string): ConnectionTest => {
  const vendorError = error instanceof VendorError ? error : transportError(vendor, error);
  return {
    ok: false,
    account: null,
    problem: { kind: vendorError.kind, status: vendorError.status, message: vendorError.message },
  };
};

/** Retries a read when the vendor failed (5xx) or could not be reached: twice, 250 ms then 750 ms. */
export async function withRetry<T>(
  read: () => Promise<T>,
  delays: readonly number[] = [250, 750],
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const retryable =
        error instanceof VendorError && (error.kind === 'vendor-down' || error.kind === 'network');
      if (!retryable || attempt >= delays.length) throw error;
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}
