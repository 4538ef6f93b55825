/**
 * Flattens an event's `contexts` (arbitrary nested JSON from SDKs) into key/value rows:
 * `{ os: { name: 'Linux', kernel: { version: '6' } } }` -> os: [name=Linux, kernel.version=6].
 * Bounded, because SDKs can send large or deep objects: depth, rows and value length are capped.
 */

export type ContextRow = readonly [key: string, value: string];

export interface ContextSection {
  name: string;
  rows: ContextRow[];
}

const MAX_DEPTH = 5;
const MAX_ROWS = 100;
const MAX_VALUE_LENGTH = 500;

export function contextSections(contexts: Record<string, unknown>): ContextSection[] {
  return Object.entries(contexts)
    .map(([name, value]) => ({ name, rows: flatten(value) }))
    .filter((section) => section.rows.length > 0);
}

function flatten(value: unknown): ContextRow[] {
  const rows: ContextRow[] = [];
  const visit = (node: unknown, path: string, depth: number) => {
    if (rows.length >= MAX_ROWS) return;
    if (isContainer(node) && depth < MAX_DEPTH) {
      for (const [key, child] of Object.entries(node)) visit(child, path ? `${path}.${key}` : key, depth + 1);
      return;
    }
    if (node === null || node === undefined) return;
    rows.push([path || 'value', truncate(display(node))]);
  };
  visit(value, '', 0);
  return rows;
}

function isContainer(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null;
}

function display(node: unknown): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean' || typeof node === 'bigint') return String(node);
  return JSON.stringify(node) ?? String(node);
}

function truncate(text: string): string {
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
}
