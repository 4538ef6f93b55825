/** Debug IDs as the store keeps and compares them: lower-case, hyphenated UUIDs. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The debug ID in its stored form; null when the value is not a UUID (with or without hyphens). */
export function normalizeDebugId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const id = value.trim().toLowerCase();
  if (UUID.test(id)) return id;
  if (/^[0-9a-f]{32}$/.test(id))
    return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
  return null;
}
