/**
 * Where the master secret key comes from: `DEXTER_SECRET_KEY`, or, in development only, a key
 * generated once into `<dataDir>/secret.key` (mode 0600) with a warning. Production never reaches
 * the generated branch: the config refuses to load without the variable.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretKeySource {
  key: Buffer;
  /** Where it came from, for the start-up message. */
  origin: 'config' | 'generated' | 'file';
  path: string | null;
}

export function resolveSecretKey(
  configured: Buffer | null,
  dataDir: string,
  production: boolean,
): SecretKeySource {
  if (configured) return { key: configured, origin: 'config', path: null };
  if (production) throw new Error('DEXTER_SECRET_KEY is required in production');
  const path = join(dataDir, 'secret.key');
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte base64 key`);
    return { key, origin: 'file', path };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { key, origin: 'generated', path };
}
