/**
 * `<dataDir>/bootstrap.json` as a JSON object that several writers share: the store keeps its
 * `url`, `org`, `projects` and `token` there, Dexter's server its first-run `admin`. Each writer
 * changes only its own keys; the file is always written mode 0600. A damaged file reads as empty.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const bootstrapPath = (dataDir: string) => join(dataDir, 'bootstrap.json');

export function readBootstrapJson(dataDir: string): Record<string, unknown> {
  const path = bootstrapPath(dataDir);
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

/** Sets the given keys (a key set to `undefined` is removed) and keeps every other key. */
export function mergeBootstrapFile(dataDir: string, patch: Record<string, unknown>): void {
  const merged: Record<string, unknown> = { ...readBootstrapJson(dataDir), ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete merged[key];
  const path = bootstrapPath(dataDir);
  writeFileSync(path, `${JSON.stringify(merged, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}
