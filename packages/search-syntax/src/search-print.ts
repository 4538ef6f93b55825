/**
 * Prints an AST back to query text. `printSearch` is the inverse of `parseSearch` up to spacing,
 * quoting and spans: `parseSearch(printSearch(ast))` gives the same tree. The planner builds its
 * upstream (Sentry) queries from `printTerm` and `printText`, so both dialects share one quoting
 * rule: a value is written bare only when it would read back as the same value.
 */
import type { SearchNode, TermNode, TextNode } from './search-ast';
import { tokenize } from './search-tokenizer';

export function printSearch(node: SearchNode | null): string {
  return node ? printNode(node, null) : '';
}

function printNode(node: SearchNode, parent: SearchNode['type'] | null): string {
  switch (node.type) {
    case 'or': {
      const text = node.children.map((child) => printNode(child, 'or')).join(' OR ');
      return parent === 'and' ? `(${text})` : text;
    }
    case 'and':
      return node.children
        .map((child, i) => {
          const printed = printNode(child, 'and');
          const previous = node.children[i - 1];
          if (i === 0) return printed;
          // Two bare phrases side by side would read back as one phrase: keep them apart.
          return isBareText(previous) && isBareText(child) ? ` AND ${printed}` : ` ${printed}`;
        })
        .join('');
    case 'not':
      return `!(${printNode(node.child, 'not')})`;
    case 'term':
      return printTerm(node);
    case 'text':
      return printText(node, node.quoted);
  }
}

const isBareText = (node: SearchNode | undefined) =>
  node?.type === 'text' && printText(node, node.quoted)[0] !== '"';

export function printTerm(term: TermNode): string {
  const key = term.explicitTag ? `tags[${term.key}]` : term.key;
  const op = term.op === '=' ? '' : term.op;
  const value = Array.isArray(term.value)
    ? `[${term.value.map((item) => formatValue(item, true)).join(', ')}]`
    : formatValue(term.value, false);
  return `${term.negated ? '!' : ''}${key}:${op}${value}`;
}

/** Free text, quoted when asked to or when its bare words would read back differently. */
export function printText(node: TextNode, quote: boolean): string {
  if (quote) return quoteValue(node.value);
  const read = tokenize(node.value);
  const same = read.ok && read.tokens.every((token) => token.kind === 'word');
  return same &&
    read.tokens.map((token) => (token.kind === 'word' ? token.text : '')).join(' ') === node.value
    ? node.value
    : quoteValue(node.value);
}

/** A value is bare when `k:value` (or `k:[value]`) reads back as exactly that value. */
function formatValue(value: string, inList: boolean): string {
  const read = tokenize(inList ? `k:[${value}]` : `k:${value}`);
  const token = read.ok && read.tokens.length === 1 ? read.tokens[0] : undefined;
  const raw = token?.kind === 'filter' && token.op === null ? token.value : undefined;
  const text = raw?.kind === 'list' ? (raw.items.length === 1 ? raw.items[0] : undefined) : raw;
  return text && !text.quoted && text.text === value ? value : quoteValue(value);
}

function quoteValue(value: string): string {
  return `"${value.replace(/"/g, '\\"')}"`;
}
