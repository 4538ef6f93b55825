/**
 * Recursive-descent parser for issue search: Sentry's syntax plus `AND`, `OR`, parentheses and
 * `!( … )` across any fields. Precedence, loosest first: `OR`, then `AND` (explicit, or implied
 * by juxtaposition as in Sentry), then `!( … )`, groups and terms.
 *
 *   query   := or?
 *   or      := and ("OR" and)*
 *   and     := unary ("AND"? unary)*
 *   unary   := "(" or ")" | "!(" or ")" | filter | text
 *
 * Pure and bounded: the query is refused past `maxLength` before any work, and an error is a
 * value (`{ ok: false, error }`) with a 0-based position, never an exception.
 */
import {
  combine,
  type ParseResult,
  type SearchError,
  type SearchNode,
  searchError,
  type TextNode,
} from './search-ast';
import { buildTerm } from './search-filters';
import { type Token, tokenize } from './search-tokenizer';

/** Dexter's API caps `query` at 2,000 characters; the parser uses the same bound by default. */
export const DEFAULT_MAX_QUERY_LENGTH = 2000;

export interface ParseOptions {
  maxLength?: number;
}

class Failure {
  constructor(readonly error: SearchError) {}
}

const syntaxError = (position: number, expected: string) =>
  new Failure(searchError('syntax', position, expected));

export function parseSearch(query: string, options: ParseOptions = {}): ParseResult {
  const maxLength = options.maxLength ?? DEFAULT_MAX_QUERY_LENGTH;
  if (query.length > maxLength) {
    return {
      ok: false,
      error: searchError('too-long', maxLength, `a query of at most ${maxLength} characters`),
    };
  }
  const tokenized = tokenize(query);
  if (!tokenized.ok) return tokenized;
  try {
    return { ok: true, ast: new Parser(tokenized.tokens, query.length).parseQuery() };
  } catch (caught) {
    if (caught instanceof Failure) return { ok: false, error: caught.error };
    throw caught;
  }
}

class Parser {
  private at = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly length: number,
  ) {}

  parseQuery(): SearchNode | null {
    if (this.tokens.length === 0) return null;
    const node = this.parseOr();
    const extra = this.peek();
    if (extra) throw syntaxError(extra.start, 'a matching "(" for this ")"');
    return node;
  }

  private parseOr(): SearchNode {
    const children = [this.parseAnd()];
    while (this.peek()?.kind === 'or') {
      this.expectOperand(this.next());
      children.push(this.parseAnd());
    }
    return combine('or', children);
  }

  private parseAnd(): SearchNode {
    const children = [this.parseUnary()];
    for (;;) {
      const token = this.peek();
      if (!token || token.kind === 'or' || token.kind === 'rparen') break;
      if (token.kind === 'and') this.expectOperand(this.next());
      children.push(this.parseUnary());
    }
    return combine('and', children);
  }

  private parseUnary(): SearchNode {
    const token = this.next();
    switch (token?.kind) {
      case undefined:
        throw syntaxError(this.length, 'a search term');
      case 'or':
      case 'and':
        throw syntaxError(token.start, `a search term before "${token.kind.toUpperCase()}"`);
      case 'rparen':
        throw syntaxError(token.start, 'a matching "(" for this ")"');
      case 'lparen': {
        if (this.peek()?.kind === 'rparen') {
          throw syntaxError(this.peek()?.start ?? token.end, 'a search term inside the parentheses');
        }
        const inner = this.parseOr();
        const close = this.next();
        if (close?.kind !== 'rparen') throw syntaxError(token.start, 'a ")" to close this "("');
        return token.negated
          ? { type: 'not', child: inner, span: { start: token.start, end: close.end } }
          : inner;
      }
      case 'filter': {
        const built = buildTerm(token);
        if (!built.ok) throw new Failure(built.error);
        return built.term;
      }
      case 'quoted':
        return {
          type: 'text',
          value: token.text,
          quoted: true,
          span: { start: token.start, end: token.end },
        };
      case 'word':
        return this.phrase(token);
    }
  }

  /** Consecutive bare words are one phrase, as in Sentry: `example error` matches that text. */
  private phrase(first: { text: string; start: number; end: number }): TextNode {
    const words = [first.text];
    let end = first.end;
    for (let token = this.peek(); token?.kind === 'word'; token = this.peek()) {
      words.push(token.text);
      end = token.end;
      this.at++;
    }
    return { type: 'text', value: words.join(' '), quoted: false, span: { start: first.start, end } };
  }

  /** After `AND` / `OR` there must be a term, not the end, `)` or another operator. */
  private expectOperand(operator: Token | undefined): void {
    const following = this.peek();
    if (!following || following.kind === 'or' || following.kind === 'and' || following.kind === 'rparen') {
      const name = operator?.kind === 'and' ? 'AND' : 'OR';
      throw syntaxError(following?.start ?? this.length, `a search term after "${name}"`);
    }
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private next(): Token | undefined {
    return this.tokens[this.at++];
  }
}
