import { parseSearch, type SearchNode } from '@dexter/search-syntax';
import { describe, expect, it } from 'vitest';
import {
  canEvaluateLocally,
  compileSearch,
  type IssueForSearch,
  literalNeeds,
  matchesIssue,
  type SearchContext,
} from './search-evaluator';
import type { Literal } from './search-normalize';

const NOW = Date.parse('2026-11-21T12:00:00Z');

const ISSUE: IssueForSearch = {
  title: 'TypeError: Cannot read properties of undefined (reading "id")',
  culprit: 'app/views/checkout.js in handleSubmit',
  message: null,
  shortId: 'SHOP-12',
  level: 'error',
  status: 'unresolved',
  substatus: 'ongoing',
  priority: 'high',
  issueCategory: 'error',
  issueType: 'error',
  count: 1500,
  userCount: 40,
  firstSeen: '2026-11-01T08:00:00Z',
  lastSeen: '2026-11-21T11:00:00Z',
  assignedTo: { type: 'user', id: '7', name: 'Jane Doe', email: 'jane@example.com' },
  isBookmarked: true,
  isSubscribed: false,
  isUnhandled: true,
  project: 'shop',
  firstRelease: '1.2.0',
  metadata: { type: 'TypeError', value: 'Cannot read properties of undefined' },
  tags: {
    release: ['1.2.0', '1.3.0'],
    environment: ['production'],
    'user.email': ['bob@example.com'],
    browser: ['Chrome 120.1'],
  },
};

const CTX: SearchContext = {
  now: NOW,
  frames: [
    { module: 'app.services.billing', function: 'chargeCard', filename: 'app/services/billing.py' },
    { module: 'django.core.handlers', function: 'get_response', filename: 'django/core/handlers/base.py' },
  ],
  viewer: { id: '7', email: 'jane@example.com', teams: ['backend'] },
};

function ast(query: string): SearchNode | null {
  const result = parseSearch(query);
  if (!result.ok) throw new Error(result.error.message);
  return result.ast;
}

const matches = (query: string, issue: IssueForSearch = ISSUE, ctx: SearchContext = CTX) =>
  matchesIssue(ast(query), issue, ctx);

// [query, matches the fixture issue]
const CASES: [string, boolean][] = [
  ['', true],
  // free text: case-insensitive contains over title, culprit, message and metadata
  ['cannot read', true],
  ['handlesubmit', true],
  ['"reading \\"id\\""', true],
  ['cannot*undefined', true],
  ['database timeout', false],
  ['!(timeout)', true],
  ['!(typeerror)', false],
  // message: contains; title / culprit: whole value with wildcards
  ['message:properties', true],
  ['title:typeerror*', true],
  ['title:typeerror', false],
  ['culprit:*checkout.js*', true],
  ['culprit:*cart.js*', false],
  // is: statuses, substatuses, assignment, bookmarks
  ['is:unresolved', true],
  ['is:resolved', false],
  ['!is:resolved', true],
  ['is:archived', false],
  ['!is:muted', true],
  ['is:ongoing', true],
  ['is:escalating', false],
  ['is:assigned', true],
  ['is:unassigned', false],
  ['is:bookmarked', true],
  // level, project, short id, priority, category
  ['level:error', true],
  ['level:ERROR', true],
  ['level:fatal', false],
  ['level:!=error', false],
  ['!level:fatal', true],
  ['level:[warning, error]', true],
  ['project:shop', true],
  ['issue:shop-12', true],
  ['issue.priority:high', true],
  ['issue.priority:[low, medium]', false],
  ['issue.category:error', true],
  ['error.type:TypeError', true],
  ['error.value:*undefined', true],
  ['error.type:ValueError', false],
  // numbers
  ['times_seen:>1000', true],
  ['times_seen:>=1.5k', true],
  ['times_seen:>1.5k', false],
  ['times_seen:<1500', false],
  ['times_seen:<=1500', true],
  ['times_seen:1500', true],
  ['times_seen:!=1500', false],
  ['times_seen:[10, 1500]', true],
  ['!times_seen:>1000', false],
  // relative and absolute dates
  ['lastSeen:-24h', true],
  ['lastSeen:-30m', false],
  ['lastSeen:+24h', false],
  ['age:-24h', false],
  ['age:+7d', true],
  ['firstSeen:-4w', true],
  ['firstSeen:>=2026-11-01', true],
  ['firstSeen:>2026-11-01T08:00:00Z', false],
  ['firstSeen:<2026-11-02', true],
  ['firstSeen:2026-11-01', true],
  ['firstSeen:2026-11-02', false],
  ['firstSeen:2026-11-01T08:04:00Z', true],
  ['firstSeen:2026-11-01T08:06:00Z', false],
  ['lastSeen:>=2026-11-21T12:00:00+01:00', true],
  // assignment
  ['assigned:me', true],
  ['assigned:jane@example.com', true],
  ['assigned:none', false],
  ['assigned:#backend', false],
  ['assigned:[none, me]', true],
  ['bookmarks:me', true],
  ['subscribed:me', false],
  // booleans
  ['error.unhandled:true', true],
  ['error.handled:1', false],
  ['error.handled:false', true],
  // tags, release, environment, has
  ['release:1.3.0', true],
  ['release:2.0.0', false],
  ['release:1.*', true],
  ['!release:1.2.0', false],
  ['first-release:1.2.0', true],
  ['firstRelease:1.3.0', false],
  ['environment:production', true],
  ['environment:[staging, dev]', false],
  ['user.email:*@example.com', true],
  ['browser:"Chrome 120*"', true],
  ['tags[browser]:chrome*', true],
  ['os.name:Linux', false],
  ['os.name:""', true],
  ['has:browser', true],
  ['!has:browser', false],
  ['has:os.name', false],
  // stack frames of the latest event: contains, on any field or on the one named
  ['frame:billing', true],
  ['frame:chargecard', true],
  ['frame:handlers/base.py', true],
  ['frame:payments', false],
  ['frame.module:app.services.*', true],
  ['frame.module:chargeCard', false],
  ['frame.function:charge*', true],
  ['frame.function:[get_response, nope]', true],
  ['frame.filename:*billing.py', true],
  ['frame.filename:billing', true],
  ['frame.filename:checkout', false],
  ['!frame:django', false],
  // booleans across fields, Dexter's extension
  ['level:fatal OR frame:billing', true],
  ['level:fatal OR frame:payments', false],
  ['(level:fatal OR is:unresolved) times_seen:>100', true],
  ['level:error AND (release:9.9 OR environment:staging)', false],
  ['!(level:fatal OR is:resolved)', true],
  ['!(level:error times_seen:>1000)', false],
];

describe('matchesIssue', () => {
  it.each(CASES)('%j → %s', (query, expected) => {
    expect(matches(query)).toBe(expected);
  });

  it('lets relative dates count from the injected clock', () => {
    expect(matches('lastSeen:-2h', ISSUE, { ...CTX, now: NOW })).toBe(true);
    expect(matches('lastSeen:-2h', ISSUE, { ...CTX, now: NOW + 3 * 3_600_000 })).toBe(false);
  });

  it('matches no frame term when the latest event has no frames', () => {
    expect(matches('frame:billing', ISSUE, { now: NOW })).toBe(false);
    expect(matches('!frame:billing', ISSUE, { now: NOW })).toBe(true);
  });

  it('resolves me and my_teams through the viewer, and matches a team assignee by slug', () => {
    const teamIssue = { ...ISSUE, assignedTo: { type: 'team', id: '3', name: 'backend' } };
    expect(matches('assigned:my_teams', teamIssue)).toBe(true);
    expect(matches('assigned:#backend', teamIssue)).toBe(true);
    expect(matches('assigned:me', teamIssue)).toBe(false);
    expect(matches('assigned:me', ISSUE, { now: NOW })).toBe(false);
  });

  it('reads tags only when the issue carries them', () => {
    const bare = { ...ISSUE, tags: undefined };
    expect(matches('release:1.2.0', bare)).toBe(false);
    expect(matches('first-release:1.2.0', bare)).toBe(true);
  });

  it('compiles once and evaluates many issues', () => {
    const predicate = compileSearch(ast('level:fatal OR times_seen:>1000'));
    const issues = [ISSUE, { ...ISSUE, count: 3 }, { ...ISSUE, count: 3, level: 'fatal' }];
    expect(issues.map((issue) => predicate(issue, CTX))).toEqual([true, false, true]);
  });

  it('treats a literal star as escaped and keeps Windows backslashes', () => {
    const starred = { ...ISSUE, title: 'rate 5*3 exceeded', culprit: 'C:\\app\\main.cs' };
    expect(matches('title:"rate 5\\*3 exceeded"', starred)).toBe(true);
    expect(matches('title:"rate 5\\*4*"', starred)).toBe(false);
    expect(matches('culprit:C:\\app\\main.cs', starred)).toBe(true);
  });
});

function literal(query: string): Literal {
  const node = ast(query);
  if (node?.type !== 'term' && node?.type !== 'text') throw new Error(`not a literal: ${query}`);
  return node;
}

describe('canEvaluateLocally and literalNeeds', () => {
  it.each([
    ['is:unresolved', true],
    ['is:for_review', false],
    ['is:linked', false],
    ['assigned_or_suggested:me', false],
    ['bookmarks:me', true],
    ['bookmarks:jane@example.com', false],
    ['release:latest', false],
    ['release:1.0', true],
    ['event.timestamp:-24h', false],
    ['frame:x', true],
    ['anything', true],
  ] as const)('%j → %s', (query, expected) => {
    expect(canEvaluateLocally(literal(query))).toBe(expected);
  });

  it('asks for frames for frame keys and for tags for tag-backed keys', () => {
    expect(literalNeeds(literal('frame.module:x'))).toEqual({ frames: true, tags: false });
    expect(literalNeeds(literal('environment:prod'))).toEqual({ frames: false, tags: true });
    expect(literalNeeds(literal('has:user'))).toEqual({ frames: false, tags: true });
    expect(literalNeeds(literal('browser:x'))).toEqual({ frames: false, tags: true });
    expect(literalNeeds(literal('level:error'))).toEqual({ frames: false, tags: false });
  });
});
