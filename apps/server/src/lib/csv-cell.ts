/**
 * One CSV cell (RFC 4180 quoting) that a spreadsheet opens as text: a value starting with `=`,
 * `+`, `-`, `@`, tab or CR is prefixed with `'`, so an exported event or audit entry cannot run a
 * formula (OWASP "CSV injection"). Objects are written as their JSON.
 */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
