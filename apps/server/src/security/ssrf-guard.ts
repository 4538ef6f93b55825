/**
 * The SSRF guard for every URL a user configures (Sentry URL, integration and webhook URLs).
 * `check` resolves the host and refuses the URL if any address it resolves to is private (see
 * ip-ranges.ts) and not allowed by `DEXTER_ALLOW_PRIVATE_URLS`. `fetch` follows redirects by hand
 * and re-checks every hop, and connects through a DNS lookup that applies the same check, so a
 * name that resolves to a public address at check time and to 127.0.0.1 at connect time (DNS
 * rebinding) still cannot reach loopback.
 *
 * Invariants: only http and https; every address of a name must pass, not just the first; a
 * refused URL throws `UnsafeUrlError` naming the host and why, never a raw socket error; response
 * bodies are capped.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { isPrivateAddress } from './ip-ranges';

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface SsrfGuardOptions {
  /** 'all', or entries: CIDR (`10.0.0.0/8`), address, host name, each optionally with `:port`. */
  allow: 'all' | readonly string[];
  resolve?: Resolver;
  timeoutMs?: number;
  maxRedirects?: number;
  maxBodyBytes?: number;
}

export class UnsafeUrlError extends Error {
  override readonly name = 'UnsafeUrlError';
}

export interface GuardedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The URL that answered, after redirects. */
  url: string;
}

const systemResolve: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

const defaultPort = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');
const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

function compileAllowList(entries: readonly string[]) {
  const rules = entries.map((entry) => {
    const withPort = /^(.*):(\d+)$/.exec(entry);
    // An IPv6 address has colons of its own: only `[addr]:port` carries a port for it.
    const hasPort = withPort && (!withPort[1]!.includes(':') || withPort[1]!.startsWith('['));
    const target = (hasPort ? withPort![1]! : entry).replace(/^\[|\]$/g, '');
    const port = hasPort ? withPort![2]! : null;
    const [network, prefix] = target.split('/');
    const family = isIP(network ?? '');
    if (family) {
      const list = new BlockList();
      const type = family === 4 ? 'ipv4' : 'ipv6';
      list.addSubnet(network!, prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix), type);
      return {
        port,
        matches: (_host: string, address: string) => isIP(address) === family && list.check(address, type),
      };
    }
    return { port, matches: (host: string) => host === target };
  });
  return (host: string, address: string, port: string) =>
    rules.some((rule) => (rule.port === null || rule.port === port) && rule.matches(host, address));
}

const withoutCredentials = (headers: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(headers).filter(
      ([name]) => !['authorization', 'cookie', 'proxy-authorization'].includes(name.toLowerCase()),
    ),
  );

export function createSsrfGuard(options: SsrfGuardOptions) {
  const resolve = options.resolve ?? systemResolve;
  const allowed = options.allow === 'all' ? () => true : compileAllowList(options.allow);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRedirects = options.maxRedirects ?? 5;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;

  const refuseUnlessSafe = (url: URL, address: string) => {
    if (isPrivateAddress(address) && !allowed(bareHost(url), address, defaultPort(url))) {
      throw new UnsafeUrlError(
        `${url.host} resolves to ${address}, a loopback, link-local or private address; ` +
          'allow it with DEXTER_ALLOW_PRIVATE_URLS if it is meant to be reached',
      );
    }
  };

  async function check(input: string | URL): Promise<{ url: URL; addresses: string[] }> {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      // Never echoed: the text may carry credentials.
      throw new UnsafeUrlError('not a URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UnsafeUrlError(`only http and https URLs are allowed, not ${url.protocol}`);
    }
    const host = bareHost(url);
    let addresses: string[];
    if (isIP(host)) addresses = [host];
    else {
      try {
        addresses = (await resolve(host)).map((entry) => entry.address);
      } catch (error) {
        throw new UnsafeUrlError(`${host} does not resolve (${(error as Error).message})`);
      }
      if (addresses.length === 0) throw new UnsafeUrlError(`${host} does not resolve`);
    }
    for (const address of addresses) refuseUnlessSafe(url, address);
    return { url, addresses };
  }

  /** One request, connecting only to an address that passed the check. */
  function requestOnce(url: URL, init: { method: string; headers: Record<string, string>; body?: string }) {
    // Node calls this for host names (not for IP literals, which `check` already judged).
    const pinnedLookup = (
      _hostname: string,
      lookupOptions: { all?: boolean },
      callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
    ) => {
      check(url)
        .then(({ addresses }) => {
          const entries = addresses.map((address) => ({ address, family: isIP(address) }));
          if (lookupOptions.all) callback(null, entries);
          else callback(null, entries[0]!.address, entries[0]!.family);
        })
        .catch((error: Error) => callback(error, ''));
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Omit<GuardedResponse, 'url'>>((resolvePromise, reject) => {
      const req = send(
        url,
        { method: init.method, headers: init.headers, lookup: pinnedLookup, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBodyBytes)
              req.destroy(new UnsafeUrlError(`${url.host} answered with more than ${maxBodyBytes} bytes`));
            else chunks.push(chunk);
          });
          res.on('end', () =>
            resolvePromise({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${url.host} did not answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(init.body);
    });
  }

  async function guardedFetch(
    input: string,
    init: {
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      redirect?: 'follow' | 'manual';
    } = {},
  ): Promise<GuardedResponse> {
    let url = (await check(input)).url;
    let method = init.method ?? 'GET';
    let body = init.body;
    let headers = init.headers ?? {};
    for (let hop = 0; ; hop++) {
      const response = await requestOnce(url, { method, headers, body });
      const location = response.headers.location;
      if (response.status < 300 || response.status >= 400 || !location || init.redirect === 'manual') {
        return { ...response, url: url.href };
      }
      if (hop >= maxRedirects) throw new UnsafeUrlError(`more than ${maxRedirects} redirects from ${input}`);
      const next = (await check(new URL(location, url))).url;
      // Credentials meant for one origin are never replayed to another.
      if (next.origin !== url.origin) headers = withoutCredentials(headers);
      url = next;
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === 'POST')
      ) {
        method = 'GET';
        body = undefined;
      }
    }
  }

  return { check, fetch: guardedFetch };
}

export type SsrfGuard = ReturnType<typeof createSsrfGuard>;
