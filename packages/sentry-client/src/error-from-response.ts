/**
 * `errorFromResponse`: the one place a non-2xx Sentry answer becomes an error class.
 *
 * Sentry's error bodies come in several shapes, all handled here so no caller parses them again:
 * - DRF `{"detail": "..."}` for 401/403/404 and most 400s (sometimes `{"detail": {"message": ...}}`);
 * - DRF serializer errors `{"field": ["message", ...]}` for validation failures;
 * - a bare JSON string for 429 (`RatelimitMiddleware`), e.g. `"You are attempting to use this
 *   endpoint too frequently. Limit is 40 requests in 1 seconds"`;
 * - `{"message": "This API no longer exists."}` for 410 brownouts of deprecated endpoints;
 * - HTML from a load balancer or proxy in front of Sentry (502/503/504), or plain text.
 *
 * The clock is a parameter because `Retry-After: <seconds>` is relative to "now".
 */
import {
  type ApiErrorInit,
  SentryApiError,
  SentryAuthError,
  SentryInvalidResponseError,
  SentryNotFoundError,
  SentryPermissionError,
  SentryRateLimitError,
  SentryServerError,
  SentryValidationError,
  type UpstreamErrorContext,
} from './errors';
import { parseRateLimitHeaders } from './rate-limit-headers';
import type { UpstreamResponse } from './transport';

const SNIPPET_CHARS = 500;

export function errorFromResponse(
  context: UpstreamErrorContext,
  res: UpstreamResponse,
  now: number = Date.now(),
): SentryApiError | SentryInvalidResponseError {
  const { detail, bodySnippet } = describeBody(res);
  const rateLimit = parseRateLimitHeaders(res.headers);
  const init: ApiErrorInit = { ...context, status: res.status, detail, bodySnippet, rateLimit };
  const { status } = res;

  if (status === 401) return new SentryAuthError(init);
  if (status === 403) return new SentryPermissionError(init);
  if (status === 404) return new SentryNotFoundError(init);
  if (status === 400 || status === 422) {
    const fieldErrors = fieldErrorsOf(res.body);
    return new SentryValidationError({ ...init, detail: detail ?? summarize(fieldErrors) }, fieldErrors);
  }
  if (status === 429) {
    return new SentryRateLimitError(init, rateLimit.resetAt ?? retryAfterAt(res.headers['retry-after'], now));
  }
  if (status >= 500 && status <= 599) return new SentryServerError(init);
  if (status >= 400 && status <= 499) return new SentryApiError(init);
  // 1xx/3xx: undici follows no redirects, and the Web API never redirects, so this is something in
  // front of Sentry (an SSO proxy sending us to its login page, for instance).
  return new SentryInvalidResponseError({
    ...context,
    reason: 'unexpected_status',
    status,
    bodySnippet,
    message: `unexpected status ${status}${res.headers.location ? ` to ${res.headers.location}` : ''}`,
  });
}

/** True when a body is an HTML page rather than JSON; JSON can never start with `<`. */
export function looksLikeHtml(text: string, contentType: string | undefined): boolean {
  return /\btext\/html\b/i.test(contentType ?? '') || text.trimStart().startsWith('<');
}

export function snippet(text: string): string {
  return text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text;
}

function describeBody(res: UpstreamResponse): { detail: string | null; bodySnippet: string | null } {
  if (res.rawText !== undefined) {
    const text = res.rawText;
    const detail = looksLikeHtml(text, res.headers['content-type']) ? htmlSummary(text) : firstLine(text);
    return { detail, bodySnippet: text === '' ? null : snippet(text) };
  }
  if (res.body === null || res.body === undefined) return { detail: null, bodySnippet: null };
  return { detail: detailOf(res.body), bodySnippet: snippet(JSON.stringify(res.body)) };
}

function detailOf(body: unknown): string | null {
  if (typeof body === 'string') return body || null;
  if (!isRecord(body)) return null;
  const { detail, message } = body;
  if (typeof detail === 'string') return detail;
  if (isRecord(detail) && typeof detail.message === 'string') return detail.message;
  if (typeof message === 'string') return message;
  return null;
}

function htmlSummary(html: string): string {
  // Bounded input before the regex: a title lives in the first few KB of any real page.
  const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(html.slice(0, 4096))?.[1]?.trim();
  return title ? `HTML error page: ${title}` : 'HTML error page';
}

function firstLine(text: string): string | null {
  const line = text.trim().split('\n', 1)[0]?.slice(0, 200);
  return line ? line : null;
}

function fieldErrorsOf(body: unknown): Record<string, string[]> | null {
  if (!isRecord(body)) return null;
  const errors: Record<string, string[]> = {};
  for (const [field, value] of Object.entries(body)) {
    if (field === 'detail') continue;
    const messages = (Array.isArray(value) ? value : [value]).filter(
      (m): m is string => typeof m === 'string',
    );
    if (messages.length > 0) errors[field] = messages;
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

function summarize(fieldErrors: Record<string, string[]> | null): string | null {
  const first = Object.entries(fieldErrors ?? {})[0];
  return first ? `${first[0]}: ${first[1].join(' ')}` : null;
}

/** `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
function retryAfterAt(value: string | undefined, now: number): number | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (/^\d+$/.test(trimmed)) return now + Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : date;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
