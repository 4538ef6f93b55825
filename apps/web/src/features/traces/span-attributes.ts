/**
 * A span's stored attributes as rows for the details panel: the nested `data` and `tags` objects
 * (where SDKs put most of what they know: URLs, status codes, queries) become one row per key
 * instead of one line of JSON; other values are shown as text.
 */
export function attributeRows(attributes: Record<string, unknown>): Array<readonly [string, string]> {
  const rows: Array<readonly [string, string]> = [];
  for (const [key, value] of Object.entries(attributes)) {
    if ((key === 'data' || key === 'tags') && isRecord(value)) {
      for (const [inner, innerValue] of Object.entries(value)) rows.push([inner, text(innerValue)]);
    } else {
      rows.push([key, text(value)]);
    }
  }
  return rows;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(', ');
  return JSON.stringify(value);
}
