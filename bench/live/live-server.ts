/**
 * The Dexter under test: its own process (`startDexterProcess`), with the inbound rate limit
 * raised (5,000 sockets from one address would exceed the default per-minute budget), and a
 * signed-in admin session for the clients: the one-time password from bootstrap.json, then the
 * forced change to a new one, through the real routes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DexterProcess, startDexterProcess } from '../lib/dexter-process';

const NEW_PASSWORD = 'live bench password 42';

export interface LiveServer {
  dexter: DexterProcess;
  /** `Cookie:` header value of a signed-in admin session. */
  cookie: string;
}

function cookiesOf(response: Response, jar: Map<string, string>) {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const index = pair.indexOf('=');
    jar.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
  }
}

export async function startLiveServer(
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<LiveServer> {
  const dexter = await startDexterProcess({
    env: { DEXTER_RATE_LIMIT_PER_MINUTE: '100000000', DEXTER_INGEST_MAX_QUEUE: '20000', ...env },
    nodeArgs,
  });
  const { admin } = JSON.parse(readFileSync(join(dexter.dataDir, 'bootstrap.json'), 'utf8')) as {
    admin: { password: string };
  };
  const jar = new Map<string, string>();
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${dexter.url}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': jar.get('dexter_csrf') ?? '',
      },
    });
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    cookiesOf(response, jar);
  };
  await post('/api/v1/auth/sign-in', { username: 'admin', password: admin.password });
  await post('/api/v1/auth/password', { currentPassword: admin.password, newPassword: NEW_PASSWORD });
  return { dexter, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') };
}
