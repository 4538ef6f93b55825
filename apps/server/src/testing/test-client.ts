/**
 * Test-only HTTP client with a cookie jar: it keeps the cookies a Dexter server sets and, on
 * state-changing requests, echoes the CSRF cookie in `x-csrf-token`, as the web app does. A client
 * can also carry a bearer token instead. `signIn` goes through the real sign-in route.
 */
import { CSRF_COOKIE, CSRF_HEADER } from '@dexter/contracts';

export interface TestClient {
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Current cookie values by name. */
  cookies: Map<string, string>;
  signIn(username: string, password: string): Promise<Response>;
  changePassword(currentPassword: string, newPassword: string): Promise<Response>;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createTestClient(baseUrl: string, options: { bearer?: string } = {}): TestClient {
  const cookies = new Map<string, string>();

  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a),
      );
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
  };

  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (options.bearer) headers.set('authorization', `Bearer ${options.bearer}`);
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const csrf = cookies.get(CSRF_COOKIE);
    if (csrf && UNSAFE.has((init.method ?? 'GET').toUpperCase()) && !headers.has(CSRF_HEADER))
      headers.set(CSRF_HEADER, csrf);
    if (init.body !== undefined && !headers.has('content-type'))
      headers.set('content-type', 'application/json');
    const response = await fetch(`${baseUrl}${path}`, { ...init, headers, redirect: 'manual' });
    remember(response);
    return response;
  }

  const post = (path: string, body: unknown) => request(path, { method: 'POST', body: JSON.stringify(body) });

  return {
    request,
    cookies,
    signIn: (username, password) => post('/api/v1/auth/sign-in', { username, password }),
    changePassword: (currentPassword, newPassword) =>
      post('/api/v1/auth/password', { currentPassword, newPassword }),
  };
}
