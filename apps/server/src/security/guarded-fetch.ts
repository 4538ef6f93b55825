/**
 * A WHATWG `fetch` over the SSRF guard, handed to vendor clients (Octokit, Gitbeaker, jira.js,
 * Linear's and Slack's SDKs): every call re-checks the host (and connects only to addresses that
 * passed), redirects are re-checked per hop, and credentials never follow a redirect to another
 * origin (ssrf-guard.ts).
 */
import type { SsrfGuard } from './ssrf-guard';

export type GuardedFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const NO_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function guardedFetch(guard: Pick<SsrfGuard, 'fetch'>): GuardedFetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : null;
    const url = request ? request.url : String(input);
    const method = init?.method ?? request?.method ?? 'GET';
    const headers: Record<string, string> = {};
    new Headers(request?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    // The guard reads the body as text: ask for it uncompressed.
    delete headers['accept-encoding'];
    let body: string | undefined;
    if (init?.body !== undefined && init.body !== null) body = await new Response(init.body).text();
    else if (request && method !== 'GET' && method !== 'HEAD') body = await request.text();
    const answer = await guard.fetch(url, { method, headers, body });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined || name === 'content-length' || name === 'content-encoding') continue;
      for (const one of Array.isArray(value) ? value : [value]) responseHeaders.append(name, one);
    }
    const response = new Response(NO_BODY_STATUSES.has(answer.status) ? null : answer.body, {
      status: answer.status,
      headers: responseHeaders,
    });
    Object.defineProperty(response, 'url', { value: answer.url });
    return response;
  };
}
