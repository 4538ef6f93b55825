/**
 * Turns parsed issue-search filters (`issue-query.ts`) into SQL conditions on `issues`. Tags,
 * bookmarks and users are correlated `EXISTS` subqueries on their own indexed tables, so a filter
 * costs per candidate issue, never a scan of all events, except `user.*:` when the `user` tag does
 * not already answer it (an event whose user has an id is tagged by the id alone).
 *
 * `me` and `my_teams` mean the calling member; with no member they match nothing. A list of values
 * matches any of them; `*` in a value is a wildcard (case-insensitive, as SQLite's LIKE).
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { StoreDatabase } from '../../db/schema';
import type { IssueFilter, IssueQuery, UserAttribute } from './issue-query';

export type IssueEb = ExpressionBuilder<StoreDatabase, 'issues' | 'projects'>;
type Condition = Expression<SqlBool>;

export interface FilterContext {
  memberId: number | null;
}

const NOTHING = sql<SqlBool>`0 = 1`;
const EVERYTHING = sql<SqlBool>`1 = 1`;

const likePattern = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');

/** `column = value`, or a LIKE when the value has a `*` wildcard. */
function matchValue(column: Expression<unknown>, value: string): Condition {
  return value.includes('*')
    ? sql<SqlBool>`${column} like ${likePattern(value)} escape '\\'`
    : sql<SqlBool>`${column} = ${value}`;
}

const anyValue = (eb: IssueEb, column: Expression<unknown>, values: string[]) =>
  eb.or(values.map((value) => matchValue(column, value)));

/** `NOT`, with SQL's unknown (a comparison with a null column) read as false first. */
const negate = (condition: Condition, negated: boolean): Condition =>
  negated ? sql<SqlBool>`not coalesce(${condition}, 0)` : condition;

function tagExists(eb: IssueEb, key: string, values: string[] | null): Condition {
  let sub = eb
    .selectFrom('issue_tags')
    .select('issue_tags.issue_id')
    .whereRef('issue_tags.issue_id', '=', 'issues.id')
    .where('issue_tags.key', '=', key);
  if (values !== null) sub = sub.where((inner) => anyValue(eb, inner.ref('issue_tags.value'), values));
  return eb.exists(sub);
}

const USER_JSON_PATH: Record<UserAttribute, string> = {
  id: '$.user.id',
  email: '$.user.email',
  username: '$.user.username',
  ip: '$.user.ipAddress',
};

function userFilter(eb: IssueEb, attribute: UserAttribute, values: string[]): Condition {
  const viaEvents = eb.exists(
    eb
      .selectFrom('events')
      .select('events.id')
      .whereRef('events.issue_id', '=', 'issues.id')
      .where((inner) =>
        anyValue(eb, sql`json_extract(${inner.ref('events.data')}, ${USER_JSON_PATH[attribute]})`, values),
      ),
  );
  return eb.or([
    tagExists(
      eb,
      'user',
      values.map((value) => `${attribute}:${value}`),
    ),
    viaEvents,
  ]);
}

function assignedTo(eb: IssueEb, value: string, ctx: FilterContext): Condition {
  const member = eb.ref('issues.assignee_member_id');
  const team = eb.ref('issues.assignee_team_id');
  if (value === 'none') return eb.and([eb(member, 'is', null), eb(team, 'is', null)]);
  if (value === 'me') return ctx.memberId === null ? NOTHING : eb(member, '=', ctx.memberId);
  if (value === 'my_teams') {
    if (ctx.memberId === null) return NOTHING;
    return eb(
      team,
      'in',
      eb
        .selectFrom('team_members')
        .select('team_members.team_id')
        .where('team_members.member_id', '=', ctx.memberId),
    );
  }
  if (value.startsWith('#')) {
    return eb(team, 'in', eb.selectFrom('teams').select('teams.id').where('teams.slug', '=', value.slice(1)));
  }
  const name = value.replace(/^user:/, '');
  return eb(
    member,
    'in',
    eb
      .selectFrom('members')
      .select('members.id')
      .where((m) =>
        m.or([
          m('members.email', '=', name),
          m('members.username', '=', name),
          ...(/^\d{1,15}$/.test(name) ? [m('members.id', '=', Number(name))] : []),
        ]),
      ),
  );
}

function bookmarkedBy(eb: IssueEb, value: string, ctx: FilterContext): Condition {
  let sub = eb
    .selectFrom('issue_bookmarks')
    .select('issue_bookmarks.issue_id')
    .whereRef('issue_bookmarks.issue_id', '=', 'issues.id');
  if (value === 'me') {
    if (ctx.memberId === null) return NOTHING;
    sub = sub.where('issue_bookmarks.member_id', '=', ctx.memberId);
  } else {
    sub = sub.where(
      'issue_bookmarks.member_id',
      'in',
      eb
        .selectFrom('members')
        .select('members.id')
        .where((m) => m.or([m('members.email', '=', value), m('members.username', '=', value)])),
    );
  }
  return eb.exists(sub);
}

function fieldColumn(
  eb: IssueEb,
  field: Extract<IssueFilter, { kind: 'field' }>['field'],
): Expression<unknown> {
  switch (field) {
    case 'level':
      return eb.ref('issues.level');
    case 'first_release':
      return eb.ref('issues.first_release');
    case 'priority':
      // The priority shown before anyone sets one follows the level (see `priorityOf`).
      return sql`coalesce(issues.priority, case issues.level when 'fatal' then 'high' when 'error' then 'medium' else 'low' end)`;
    case 'error.type':
      return sql`json_extract(issues.metadata, '$.type')`;
    case 'error.value':
      return sql`json_extract(issues.metadata, '$.value')`;
  }
}

function filterCondition(eb: IssueEb, filter: IssueFilter, ctx: FilterContext): Condition {
  switch (filter.kind) {
    case 'status':
      return eb('issues.status', filter.negated ? 'not in' : 'in', filter.values);
    case 'substatus':
      return negate(eb('issues.substatus', 'in', filter.values), filter.negated);
    case 'assigned':
      return negate(eb.or(filter.values.map((v) => assignedTo(eb, v, ctx))), filter.negated);
    case 'bookmarks':
      return negate(eb.or(filter.values.map((v) => bookmarkedBy(eb, v, ctx))), filter.negated);
    case 'constant':
      return filter.matches ? EVERYTHING : NOTHING;
    case 'field':
      return negate(anyValue(eb, fieldColumn(eb, filter.field), filter.values), filter.negated);
    case 'tag':
      return negate(tagExists(eb, filter.key, filter.values), filter.negated);
    case 'user':
      return negate(userFilter(eb, filter.attribute, filter.values), filter.negated);
    case 'has':
      return negate(tagExists(eb, filter.key, null), filter.negated);
    case 'times_seen':
      return eb('issues.times_seen', filter.op, filter.value);
    case 'date':
      return eb(`issues.${filter.field}`, filter.op, filter.value);
  }
}

export function queryCondition(eb: IssueEb, query: IssueQuery, ctx: FilterContext): Condition {
  const conditions = query.filters.map((filter) => filterCondition(eb, filter, ctx));
  for (const text of query.text) {
    conditions.push(matchValue(eb.ref('issues.search_text'), `*${text.toLowerCase().replace(/\*/g, '')}*`));
  }
  return eb.and(conditions);
}
