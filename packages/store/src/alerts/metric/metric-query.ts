/**
 * A metric rule's `query` (the issue search grammar, `@dexter/search-syntax`) as a SQL condition on
 * `events` rows, for the error-event aggregates: `environment`, `level` and `release` read the
 * event's head, any other key (or `tags[key]`) its tags; `=`/`!=`, `!key:`, lists, `*` wildcards,
 * `has:`, `AND`, `OR`, parentheses and `!( … )`. Free text, comparisons and queries on
 * transactions or sessions are refused with a message naming what cannot be evaluated, so a rule
 * is never stored with a filter the schedule would ignore. Values are written into the SQL as
 * quoted literals (one statement text per query, which the series caches).
 */
import type { MetricAlertRule } from '@dexter/contracts';
import { hasWildcard, parseSearch, type SearchNode, type TermNode } from '@dexter/search-syntax';

export class MetricQueryError extends Error {}

const HEAD_FIELDS: Record<string, string> = {
  environment: '$.environment',
  level: '$.level',
  release: '$.release',
};

/** A stored metric rule: rules stored before `query` existed read as having none. */
export function storedMetricRule(json: string): MetricAlertRule {
  const rule = JSON.parse(json) as MetricAlertRule;
  return { ...rule, query: rule.query ?? '' };
}

/** The condition (`''` when the query is empty), or a `MetricQueryError`. */
export function metricQuerySql(rule: Pick<MetricAlertRule, 'query' | 'aggregate'>): string {
  // Rules stored, or built by callers, before `query` existed have none.
  const query = (rule.query ?? '').trim();
  if (query === '') return '';
  if (rule.aggregate !== 'event_count' && rule.aggregate !== 'users')
    throw new MetricQueryError(
      'the built-in store evaluates a query on error events and users with errors only',
    );
  const parsed = parseSearch(query);
  if (!parsed.ok) throw new MetricQueryError(parsed.error.message);
  return parsed.ast === null ? '' : compile(parsed.ast);
}

function compile(node: SearchNode): string {
  switch (node.type) {
    case 'and':
      return `(${node.children.map(compile).join(' and ')})`;
    case 'or':
      return `(${node.children.map(compile).join(' or ')})`;
    case 'not':
      return `not ${compile(node.child)}`;
    case 'text':
      throw new MetricQueryError(
        `free text ("${node.value.slice(0, 50)}") is not evaluated here; use key:value filters`,
      );
    case 'term':
      return compileTerm(node);
  }
}

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;
const likeOf = (value: string) => literal(value.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%'));
const matches = (column: string, value: string) =>
  hasWildcard(value) ? `${column} like ${likeOf(value)} escape '\\'` : `${column} = ${literal(value)}`;
const tagExists = (key: string, where: string) =>
  `exists (select 1 from json_each(data, '$.tags') as t where json_extract(t.value, '$[0]') = ${literal(key)}${where})`;

function compileTerm(term: TermNode): string {
  if (term.op !== '=' && term.op !== '!=')
    throw new MetricQueryError(`"${term.key.slice(0, 50)}" does not compare with "${term.op}" here`);
  const values = Array.isArray(term.value) ? term.value : [term.value];
  const negated = term.negated !== (term.op === '!=');
  let positive: string;
  if (term.key === 'has' && !term.explicitTag) {
    const key = values[0] ?? '';
    positive = HEAD_FIELDS[key]
      ? `json_extract(data, '${HEAD_FIELDS[key]}') is not null`
      : tagExists(key, '');
  } else if (!term.explicitTag && HEAD_FIELDS[term.key]) {
    const column = `coalesce(json_extract(data, '${HEAD_FIELDS[term.key]}'), '')`;
    positive = `(${values.map((value) => matches(column, value)).join(' or ')})`;
  } else {
    const any = values.map((value) => matches("json_extract(t.value, '$[1]')", value)).join(' or ');
    positive = tagExists(term.key, ` and (${any})`);
  }
  return negated ? `not ${positive}` : positive;
}
