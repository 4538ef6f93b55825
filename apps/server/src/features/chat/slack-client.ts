/**
 * Slack's official Web API client for one connection, over the SSRF guard: the API base URL is
 * configurable (tests point it at a local fake), every call re-checks the host, and a rate-limited
 * call fails at once (`rejectRateLimitedCalls`) instead of sleeping inside a request; the default
 * policy would wait for `Retry-After` and retry for about thirty minutes.
 */
import { WebClient } from '@slack/web-api';
import { guardedFetch } from '../../security/guarded-fetch';
import type { SsrfGuard } from '../../security/ssrf-guard';

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

export function slackClient(
  token: string,
  apiUrl: string | null,
  guard: Pick<SsrfGuard, 'fetch'>,
): WebClient {
  return new WebClient(token, {
    slackApiUrl: apiUrl ?? DEFAULT_SLACK_API_URL,
    fetch: guardedFetch(guard) as never,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    timeout: 10_000,
    allowAbsoluteUrls: false,
  });
}
