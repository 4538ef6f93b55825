/**
 * First run: with no user at all, create the admin account with a random one-time password,
 * print it (main.ts) and write it to `<dataDir>/bootstrap.json` under `admin` (mode 0600, beside
 * the store's own bootstrap keys, which are kept). The password must be changed at the first
 * sign-in; once it is, the stale password is removed from the file.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UsersService } from '../users/users-service';

export const BOOTSTRAP_ADMIN = 'admin';

export interface BootstrapAdmin {
  username: string;
  /** The one-time password while it has not been changed yet; null afterwards. */
  password: string | null;
  created: boolean;
}

const filePath = (dataDir: string) => join(dataDir, 'bootstrap.json');

function readFile(dataDir: string): Record<string, unknown> {
  const path = filePath(dataDir);
  if (!existsSync(path)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Sets (or, with `undefined`, removes) one key of bootstrap.json, keeping every other key. */
export function updateBootstrapFile(dataDir: string, key: string, value: unknown): void {
  const { [key]: _previous, ...rest } = readFile(dataDir);
  const next = value === undefined ? rest : { ...rest, [key]: value };
  const path = filePath(dataDir);
  writeFileSync(path, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export async function ensureBootstrapAdmin(
  users: UsersService,
  dataDir: string,
): Promise<BootstrapAdmin | null> {
  if ((await users.count()) === 0) {
    const { oneTimePassword } = await users.create({
      username: BOOTSTRAP_ADMIN,
      displayName: 'Administrator',
      role: 'admin',
    });
    updateBootstrapFile(dataDir, 'admin', { username: BOOTSTRAP_ADMIN, password: oneTimePassword });
    return { username: BOOTSTRAP_ADMIN, password: oneTimePassword, created: true };
  }
  const admin = await users.findByUsername(BOOTSTRAP_ADMIN);
  if (admin?.must_change_password !== 1) return null;
  const saved = readFile(dataDir).admin as { password?: unknown } | undefined;
  return {
    username: BOOTSTRAP_ADMIN,
    password: typeof saved?.password === 'string' ? saved.password : null,
    created: false,
  };
}

/** After the admin's first password change the one-time password is useless: drop it from the file. */
export function forgetBootstrapPassword(dataDir: string): void {
  const admin = readFile(dataDir).admin;
  if (admin && typeof admin === 'object' && 'password' in admin) {
    updateBootstrapFile(dataDir, 'admin', { username: BOOTSTRAP_ADMIN, password: null });
  }
}
