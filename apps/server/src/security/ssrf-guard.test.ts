/**
 * The SSRF guard against the addresses attackers aim at (loopback, cloud metadata, private
 * networks, their IPv6 disguises), names that resolve there, redirects that lead there, and a
 * name that changes its answer between the check and the connection. Redirect tests use real
 * local servers, let through by an allow-list entry for exactly their host and port.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress } from './ip-ranges';
import { createSsrfGuard, type Resolver, UnsafeUrlError } from './ssrf-guard';

const resolveTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnsafeUrlError);
  return (error as Error).message;
}

describe('private address ranges', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '169.254.169.254',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '64:ff9b::a00:1',
    '::127.0.0.1',
    'ff02::1',
  ])('refuses %s', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    'lets %s through',
    (address) => expect(isPrivateAddress(address)).toBe(false),
  );
});

describe('createSsrfGuard().check', () => {
  const guard = createSsrfGuard({ allow: [], resolve: resolveTo('93.184.216.34') });

  it.each([
    'http://127.0.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1:8080/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://2130706433/',
    'http://0x7f.1/',
  ])('refuses %s', async (url) => {
    expect(await refusal(guard.check(url))).toMatch(
      /private address|allow it with DEXTER_ALLOW_PRIVATE_URLS/,
    );
  });

  it('refuses a name that resolves to a private address, even if only one of its addresses is', async () => {
    const sneaky = createSsrfGuard({ allow: [], resolve: resolveTo('93.184.216.34', '10.0.0.1') });
    expect(await refusal(sneaky.check('https://hooks.example.com/x'))).toMatch(
      /hooks\.example\.com resolves to 10\.0\.0\.1/,
    );
  });

  it('refuses other schemes and unresolvable names', async () => {
    expect(await refusal(guard.check('file:///etc/passwd'))).toMatch(/only http and https/);
    expect(await refusal(guard.check('gopher://x.example/'))).toMatch(/only http and https/);
    const nowhere = createSsrfGuard({
      allow: [],
      resolve: async () => Promise.reject(new Error('ENOTFOUND')),
    });
    expect(await refusal(nowhere.check('https://nowhere.invalid/'))).toMatch(/does not resolve/);
  });

  it('lets public destinations through', async () => {
    expect((await guard.check('https://sentry.io/api/0/')).addresses).toEqual(['93.184.216.34']);
  });

  it('lets allow-listed private destinations through: by CIDR, by host, by host and port, or all', async () => {
    const byCidr = createSsrfGuard({ allow: ['10.0.0.0/8'], resolve: resolveTo('10.1.2.3') });
    await expect(byCidr.check('http://sentry.internal/')).resolves.toBeTruthy();
    expect(await refusal(byCidr.check('http://169.254.169.254/'))).toMatch(/169\.254\.169\.254/);
    const byHost = createSsrfGuard({ allow: ['sentry.internal'], resolve: resolveTo('10.1.2.3') });
    await expect(byHost.check('https://sentry.internal/')).resolves.toBeTruthy();
    const byPort = createSsrfGuard({ allow: ['127.0.0.1:9000'] });
    await expect(byPort.check('http://127.0.0.1:9000/')).resolves.toBeTruthy();
    expect(await refusal(byPort.check('http://127.0.0.1:9001/'))).toMatch(/127\.0\.0\.1/);
    const all = createSsrfGuard({ allow: 'all' });
    await expect(all.check('http://127.0.0.1/')).resolves.toBeTruthy();
  });
});

describe('createSsrfGuard().fetch', () => {
  let target: Server;
  let redirector: Server;
  let targetPort = 0;
  let redirectorPort = 0;
  let redirectTo = '';
  const seen: Array<{ url: string; authorization: string | undefined }> = [];

  beforeAll(async () => {
    target = createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      res.end('reached');
    }).listen(0, '127.0.0.1');
    redirector = createServer((_req, res) => res.writeHead(302, { location: redirectTo }).end()).listen(
      0,
      '127.0.0.1',
    );
    await Promise.all([once(target, 'listening'), once(redirector, 'listening')]);
    targetPort = (target.address() as AddressInfo).port;
    redirectorPort = (redirector.address() as AddressInfo).port;
  });
  afterAll(() => {
    target.close();
    redirector.close();
  });

  it('re-checks every redirect hop: a redirect to cloud metadata is refused', async () => {
    redirectTo = 'http://169.254.169.254/latest/meta-data/iam/';
    const guard = createSsrfGuard({ allow: [`127.0.0.1:${redirectorPort}`] });
    expect(await refusal(guard.fetch(`http://127.0.0.1:${redirectorPort}/hook`))).toMatch(
      /169\.254\.169\.254/,
    );
  });

  it('refuses a redirect to another loopback port that is not allowed', async () => {
    redirectTo = `http://127.0.0.1:${targetPort}/internal`;
    const guard = createSsrfGuard({ allow: [`127.0.0.1:${redirectorPort}`] });
    expect(await refusal(guard.fetch(`http://127.0.0.1:${redirectorPort}/hook`))).toMatch(/127\.0\.0\.1/);
    expect(seen).toEqual([]);
  });

  it('follows allowed redirects, and drops credentials when the origin changes', async () => {
    redirectTo = `http://127.0.0.1:${targetPort}/landing`;
    const guard = createSsrfGuard({ allow: [`127.0.0.1:${redirectorPort}`, `127.0.0.1:${targetPort}`] });
    const response = await guard.fetch(`http://127.0.0.1:${redirectorPort}/hook`, {
      headers: { authorization: 'Bearer s3cret' },
    });
    expect(response).toMatchObject({
      status: 200,
      body: 'reached',
      url: `http://127.0.0.1:${targetPort}/landing`,
    });
    expect(seen.at(-1)).toEqual({ url: '/landing', authorization: undefined });
  });

  it('connects only to the address it checked: a name that rebinds to loopback after the check is refused', async () => {
    let calls = 0;
    const rebinding: Resolver = async () => [
      { address: calls++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 },
    ];
    const guard = createSsrfGuard({ allow: [], resolve: rebinding });
    expect(await refusal(guard.fetch(`http://rebind.example:${targetPort}/`))).toMatch(
      /rebind\.example.*127\.0\.0\.1/,
    );
    expect(calls).toBe(2);
  });
});
