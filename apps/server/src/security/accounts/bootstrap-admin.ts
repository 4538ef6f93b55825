/**
 * First run: with no user at all, create the admin account with a random one-time password,
 * print it (main.ts) and write it to `<dataDir>/bootstrap.json` under `admin` (mode 0600, beside
 * the store's own bootstrap keys, which are kept). The password must be changed at the first
 * sign-in; once it is, the stale password is removed from the file.
 */
import { mergeBootstrapFile, readBootstrapJson } from '@dexter/store';
import type { UsersService } from './users-service';

export const BOOTSTRAP_ADMIN = 'admin';

export interface BootstrapAdmin {
  username: string;
  /** The one-time password while it has not been changed yet; null afterwards. */
  password: string | null;
  created: boolean;
}

const savedPassword = (dataDir: string): string | null => {
  const admin = readBootstrapJson(dataDir).admin as { password?: unknown } | undefined;
  return typeof admin?.password === 'string' ? admin.password : null;
};

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
    mergeBootstrapFile(dataDir, { admin: { username: BOOTSTRAP_ADMIN, password: oneTimePassword } });
    return { username: BOOTSTRAP_ADMIN, password: oneTimePassword, created: true };
  }
  const admin = await users.findByUsername(BOOTSTRAP_ADMIN);
  if (admin?.must_change_password !== 1) return null;
  return { username: BOOTSTRAP_ADMIN, password: savedPassword(dataDir), created: false };
}

/** After the admin's first password change the one-time password is useless: drop it from the file. */
export function forgetBootstrapPassword(dataDir: string): void {
  if (savedPassword(dataDir) !== null)
    mergeBootstrapFile(dataDir, { admin: { username: BOOTSTRAP_ADMIN, password: null } });
}
