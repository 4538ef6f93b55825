/**
 * The first sign-in through the UI, as a new installation's admin does it: the one-time password
 * from bootstrap.json, then the forced change to a password of one's own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const E2E_ADMIN_PASSWORD = 'a long e2e pass phrase';

export function oneTimeAdminPassword(dataDir: string): string {
  const file = JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as {
    admin?: { password?: string };
  };
  if (!file.admin?.password) throw new Error('bootstrap.json has no admin one-time password');
  return file.admin.password;
}

export async function fillSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
}

/** From any page of a fresh Dexter to the page the admin asked for, signed in with a new password. */
export async function firstSignIn(
  page: Page,
  dataDir: string,
  newPassword = E2E_ADMIN_PASSWORD,
): Promise<void> {
  const oneTime = oneTimeAdminPassword(dataDir);
  await page.waitForURL(/\/sign-in/);
  await fillSignIn(page, 'admin', oneTime);
  await page.waitForURL(/\/change-password/);
  await page.getByTestId('current-password').fill(oneTime);
  await page.getByTestId('new-password').fill(newPassword);
  await page.getByTestId('repeat-password').fill(newPassword);
  await page.getByTestId('change-password-submit').click();
  await page.waitForURL((url) => !/\/(sign-in|change-password)/.test(url.pathname));
}
