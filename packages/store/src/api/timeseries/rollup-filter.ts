/**
 * The `query` of events-timeseries over the event rollup: Sentry's search syntax, parsed by the
 * one grammar (`@dexter/search-syntax`), turned into a SQL condition on rollup rows. The rollup
 * only knows an event's project, issue, release and environment, so only keys about those are
 * answered; any other key, free text or a comparison is a 400 naming what it cannot answer.
 * Unlike issue search, `OR`, `AND`, parentheses and `!( … )` are all fine here: every condition
 * is on one row.
 *
 * To grow (full Discover, issue 16): a key is one entry of `ROLLUP_FIELDS`; a key the rollup does
 * not hold would make the caller read `events` instead, which is why the compiled filter says
 * which table it needs.
 */
import { combine, hasWildcard, parseSearch, type SearchNode, type TermNode } from '@dexter/search-syntax';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { ApiError } from '../api-error';

/** What a term's values are compared with; `issueOnly` columns exist in `event_rollup` only. */
interface RollupField {
  column: 'release' | 'environment' | 'issue_id' | 'project_id';
  issueOnly: boolean;
}

/** By the key as written (`issue` is the short id, resolved before compiling). */
const ROLLUP_FIELDS: Record<string, RollupField> = {
  release: { column: 'release', issueOnly: false },
  environment: { column: 'environment', issueOnly: false },
  project: { column: 'project_id', issueOnly: false },
  'project.id': { column: 'project_id', issueOnly: false },
  issue: { column: 'issue_id', issueOnly: true },
  'issue.id': { column: 'issue_id', issueOnly: true },
};
const HAS_FIELDS = new Set(['release', 'environment']);
const ANSWERED = 'release, environment, project, project.id, issue, issue.id and has:release|environment';

export const queryError = (problem: string) => new ApiError(400, `Invalid query: ${problem}`);

/** Looks up what the compiler cannot know itself: project slugs and issue short ids. */
export interface FilterLookups {
  projectIds(slugs: string[]): Promise<Map<string, number>>;
  issueIds(shortIds: string[]): Promise<Map<string, number>>;
}

export interface RollupFilter {
  /** true when no term narrows the rows. */
  condition: RawBuilder<SqlBool>;
  /** A term needs `issue_id`: read `event_rollup` instead of `event_rollup_project`. */
  needsIssueTable: boolean;
  /** The issue ids of a top-level `issue.id:` / `issue:` term, when it is one: a key-range read. */
  onlyIssues: number[] | null;
  /**
   * When the only issue terms are top-level exclusions (`!issue.id:5 release:x`): the rest of the
   * filter and the excluded ids, so the project table minus those issues' rows answers it
   * instead of a scan of every issue's rows.
   */
  excluding: { condition: RawBuilder<SqlBool>; issueIds: number[] } | null;
}

export async function compileRollupFilter(query: string, lookups: FilterLookups): Promise<RollupFilter> {
  const parsed = parseSearch(query);
  if (!parsed.ok) throw queryError(`${parsed.error.message}${where(parsed.error.field)}`);
  const ast = parsed.ast;
  if (ast === null)
    return { condition: sql<SqlBool>`1`, needsIssueTable: false, onlyIssues: null, excluding: null };
  const terms = termsOf(ast);
  for (const term of terms) checkTerm(term);
  const resolved = await resolveValues(terms, lookups);
  const condition = compile(ast, resolved);
  const needsIssueTable = terms.some((term) => ROLLUP_FIELDS[term.key]?.issueOnly === true);
  return {
    condition,
    needsIssueTable,
    onlyIssues: onlyIssuesOf(ast, resolved),
    excluding: needsIssueTable ? excludingOf(ast, resolved) : null,
  };
}

const where = (field: string | undefined) => (field ? ` (in "${field}")` : '');

function termsOf(node: SearchNode): TermNode[] {
  switch (node.type) {
    case 'and':
    case 'or':
      return node.children.flatMap(termsOf);
    case 'not':
      return termsOf(node.child);
    case 'term':
      return [node];
    case 'text':
      throw queryError(
        `free text ("${node.value.slice(0, 50)}") is not supported here; use key:value filters on ${ANSWERED}`,
      );
  }
}

function checkTerm(term: TermNode): void {
  const name = term.explicitTag ? `tags[${term.key}]` : term.key;
  if (term.key === 'has' && !term.explicitTag) {
    const value = String(term.value);
    if (!HAS_FIELDS.has(value))
      throw queryError(`"has:${value.slice(0, 50)}" is not supported; only has:release and has:environment`);
    return;
  }
  if (term.explicitTag || !ROLLUP_FIELDS[term.key]) {
    throw queryError(`unsupported key "${name.slice(0, 50)}"; this endpoint answers ${ANSWERED}`);
  }
  if (term.op !== '=' && term.op !== '!=') throw queryError(`"${name}" does not compare with "${term.op}"`);
}

const valuesOf = (term: TermNode) => (Array.isArray(term.value) ? term.value : [term.value]);
const termKey = (term: TermNode) => `${term.span.start}:${term.span.end}`;

/** Each term's values as the column holds them: ids for projects and issues, text otherwise. */
async function resolveValues(
  terms: TermNode[],
  lookups: FilterLookups,
): Promise<Map<string, Array<string | number>>> {
  const slugs = terms.filter((t) => t.key === 'project').flatMap(valuesOf);
  const shortIds = terms.filter((t) => t.key === 'issue').flatMap(valuesOf);
  const projects = slugs.length > 0 ? await lookups.projectIds(slugs) : new Map<string, number>();
  const issues = shortIds.length > 0 ? await lookups.issueIds(shortIds) : new Map<string, number>();
  const resolved = new Map<string, Array<string | number>>();
  for (const term of terms) {
    if (term.key === 'has') continue;
    resolved.set(
      termKey(term),
      valuesOf(term).map((value) => {
        switch (term.key) {
          case 'project':
            return known(projects, value, 'project');
          case 'issue':
            return known(issues, value, 'issue');
          case 'issue.id':
          case 'project.id':
            if (!/^\d{1,15}$/.test(value))
              throw queryError(`"${term.key}" takes numeric ids, not "${value.slice(0, 50)}"`);
            return Number(value);
          default:
            return value;
        }
      }),
    );
  }
  return resolved;
}

function known(map: Map<string, number>, value: string, key: string): number {
  const id = map.get(value);
  if (id === undefined) throw queryError(`unknown ${key} "${value.slice(0, 50)}" in "${key}:"`);
  return id;
}

const likePattern = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');

function compile(node: SearchNode, resolved: Map<string, Array<string | number>>): RawBuilder<SqlBool> {
  switch (node.type) {
    case 'and':
      return sql<SqlBool>`(${sql.join(
        node.children.map((child) => compile(child, resolved)),
        sql` and `,
      )})`;
    case 'or':
      return sql<SqlBool>`(${sql.join(
        node.children.map((child) => compile(child, resolved)),
        sql` or `,
      )})`;
    case 'not':
      return sql<SqlBool>`not ${compile(node.child, resolved)}`;
    case 'text':
      throw queryError('free text is not supported here');
    case 'term':
      return compileTerm(node, resolved.get(termKey(node)) ?? []);
  }
}

function compileTerm(term: TermNode, values: Array<string | number>): RawBuilder<SqlBool> {
  const negated = term.negated !== (term.op === '!=');
  if (term.key === 'has') {
    const has = sql<SqlBool>`${sql.ref(String(term.value))} <> ''`;
    return negated ? sql<SqlBool>`not ${has}` : has;
  }
  const field = ROLLUP_FIELDS[term.key]!;
  const column = sql.ref(field.column);
  const matches = values.map((value) =>
    typeof value === 'string' && hasWildcard(value)
      ? sql<SqlBool>`${column} like ${likePattern(value)} escape '\\'`
      : sql<SqlBool>`${column} = ${value}`,
  );
  const any = matches.length === 1 ? matches[0]! : sql<SqlBool>`(${sql.join(matches, sql` or `)})`;
  return negated ? sql<SqlBool>`not ${any}` : any;
}

/** `issue.id:5` or `issue.id:[5, 6]` alone or ANDed at the top: the ids every row must have. */
function onlyIssuesOf(ast: SearchNode, resolved: Map<string, Array<string | number>>): number[] | null {
  const top = ast.type === 'and' ? ast.children : [ast];
  for (const node of top) {
    if (node.type !== 'term' || node.negated || node.op !== '=') continue;
    if (node.key !== 'issue.id' && node.key !== 'issue') continue;
    return (resolved.get(termKey(node)) ?? []).map(Number);
  }
  return null;
}

const isIssueKey = (key: string) => ROLLUP_FIELDS[key]?.issueOnly === true;

/** `!issue.id:…` / `!issue:…` terms ANDed at the top with conditions that name no issue. */
function excludingOf(
  ast: SearchNode,
  resolved: Map<string, Array<string | number>>,
): RollupFilter['excluding'] {
  const top = ast.type === 'and' ? ast.children : [ast];
  const issueIds: number[] = [];
  const rest: SearchNode[] = [];
  for (const node of top) {
    if (node.type === 'term' && isIssueKey(node.key)) {
      if (node.negated === (node.op === '!=')) return null;
      issueIds.push(...(resolved.get(termKey(node)) ?? []).map(Number));
    } else if (termsOf(node).some((term) => isIssueKey(term.key))) {
      return null;
    } else {
      rest.push(node);
    }
  }
  const condition = rest.length === 0 ? sql<SqlBool>`1` : compile(combine('and', rest), resolved);
  return { condition, issueIds };
}
