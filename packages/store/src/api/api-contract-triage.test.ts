/**
 * The triage endpoints' responses against Sentry's OpenAPI spec where it documents them (bulk
 * update, issue detail/list/update with assignees and activity, tag key and values, members,
 * teams), and, for the endpoints it leaves out (issue tags, activities, comments, issues-stats),
 * against the shapes Sentry's server returns (sentry-api.md §2.C: `GroupTagsEndpoint`,
 * `GroupActivitiesEndpoint` + `ActivitySerializer`, `GroupNotesEndpoint`,
 * `OrganizationGroupIndexStatsEndpoint` with `base` collapsed). Each also parses with the wire
 * schema Dexter's own client reads it with (`@dexter/sentry-wire`).
 */
import {
  IssueActivitiesSchema,
  IssueBulkUpdateResultSchema,
  IssueCommentSchema,
  IssueListItemSchema,
  IssueSchema,
  IssueStatsSchema,
  IssueTagSchema,
  IssueTagValueSchema,
  MemberSchema,
  TeamSchema,
} from '@dexter/sentry-wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiCall, orgPath, seedIssue } from '../testing/issue-seeding';
import { describeErrors, responseValidator } from '../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../testing/store-harness';

const ORG = '/api/0/organizations/{organization_id_or_slug}';
let server: StoreServer;
let first: string;
let second: string;
let teamId: number;

beforeAll(async () => {
  server = await startStoreServer();
  first = await seedIssue(server, 'contract-one', { events: 3, users: ['a', 'b'] });
  second = await seedIssue(server, 'contract-two');
  teamId = (await server.store.db.selectFrom('teams').select('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => server.close());

function expectWire(wire: z.ZodType, body: unknown) {
  expect(wire.safeParse(body).error, 'read by the wire schema').toBeUndefined();
  return body;
}

function expectSpec(body: unknown, method: string, specPath: string, wire: z.ZodType) {
  const validate = responseValidator(method, specPath);
  expect(validate(body), `${method} ${specPath}: ${describeErrors(validate.errors)}`).toBe(true);
  expectWire(wire, body);
}

async function call(method: string, path: string, body?: unknown) {
  const res = await apiCall(server, method, path, body);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(method === 'POST' ? 201 : 200);
  return res.body;
}

describe('documented triage responses match the spec', () => {
  const bulkPath = () => orgPath(server, `issues/?id=${first}&id=${second}`);

  it.each([
    ['resolve', { status: 'resolved' }],
    ['resolve in next release', { status: 'resolvedInNextRelease' }],
    [
      'ignore until conditions',
      { status: 'ignored', statusDetails: { ignoreCount: 5, ignoreWindow: 60, ignoreDuration: 30 } },
    ],
    ['unresolve', { status: 'unresolved' }],
    ['assign to a member', { assignedTo: 'admin@dexter.local' }],
    ['bookmark, seen, priority', { isBookmarked: true, hasSeen: true, priority: 'high' }],
  ])('bulk update: %s', async (_name, body) => {
    expectSpec(await call('PUT', bulkPath(), body), 'PUT', `${ORG}/issues/`, IssueBulkUpdateResultSchema);
  });

  it('bulk update: assign to a team', async () => {
    expectSpec(
      await call('PUT', bulkPath(), { assignedTo: `team:${teamId}` }),
      'PUT',
      `${ORG}/issues/`,
      IssueBulkUpdateResultSchema,
    );
  });

  it('single update with an assignee, ignore details and a comment count', async () => {
    await call('POST', orgPath(server, `issues/${first}/comments/`), { text: 'first!' });
    const body = await call('PUT', orgPath(server, `issues/${first}/`), {
      status: 'ignored',
      statusDetails: { ignoreUserCount: 3 },
      assignedTo: 'admin',
    });
    expectSpec(body, 'PUT', `${ORG}/issues/{issue_id}/`, IssueSchema);
    expect(body).toMatchObject({ numComments: 1, assignedTo: { type: 'user' } });
  });

  it('issue detail with assignee, activity and tags', async () => {
    const body = await call('GET', orgPath(server, `issues/${first}/`));
    expectSpec(body, 'GET', `${ORG}/issues/{issue_id}/`, IssueSchema);
    expect((body as { activity: unknown[] }).activity.length).toBeGreaterThan(3);
  });

  it('issue list with assignees, bookmarks and 14-day stats', async () => {
    const body = await call('GET', orgPath(server, 'issues/?query=&groupStatsPeriod=14d'));
    expectSpec(body, 'GET', `${ORG}/issues/`, IssueListItemSchema.array());
  });

  it('tag key detail and tag values', async () => {
    expectSpec(
      await call('GET', orgPath(server, `issues/${first}/tags/user/`)),
      'GET',
      `${ORG}/issues/{issue_id}/tags/{key}/`,
      IssueTagSchema,
    );
    expectSpec(
      await call('GET', orgPath(server, `issues/${first}/tags/user/values/`)),
      'GET',
      `${ORG}/issues/{issue_id}/tags/{key}/values/`,
      IssueTagValueSchema.array(),
    );
  });

  it('members and teams', async () => {
    const members = await call('GET', orgPath(server, 'members/'));
    expectSpec(members, 'GET', `${ORG}/members/`, MemberSchema.array());
    expect(members).toMatchObject([{ email: 'admin@dexter.local', orgRole: 'owner' }]);
    const teams = await call('GET', orgPath(server, 'teams/'));
    expectSpec(teams, 'GET', `${ORG}/teams/`, TeamSchema.array());
    expect(teams).toMatchObject([{ slug: 'triage', memberCount: 1, isMember: true }]);
  });

  it('merge result', async () => {
    const body = await call('PUT', orgPath(server, `issues/?id=${first}&id=${second}`), { merge: true });
    expectSpec(body, 'PUT', `${ORG}/issues/`, IssueBulkUpdateResultSchema);
  });
});

// Shapes of the endpoints the spec leaves out, as Sentry's serializers write them.
const UserShape = z.object({ id: z.string(), name: z.string(), username: z.string(), email: z.string() });
const ActivityShape = z.object({
  id: z.string(),
  user: UserShape.nullable(),
  sentry_app: z.null(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  dateCreated: z.iso.datetime(),
});
const TagValueShape = z.object({
  key: z.string(),
  name: z.string(),
  value: z.string(),
  count: z.number().int(),
  firstSeen: z.iso.datetime(),
  lastSeen: z.iso.datetime(),
  query: z.string().optional(),
});
const SeenShape = {
  count: z.string(),
  userCount: z.number().int(),
  firstSeen: z.iso.datetime(),
  lastSeen: z.iso.datetime(),
};

describe('undocumented triage responses have Sentry’s server shapes', () => {
  let issue: string;
  beforeAll(async () => {
    issue = await seedIssue(server, 'shapes', { users: ['x'] });
    await call('PUT', orgPath(server, `issues/${issue}/`), { status: 'resolved' });
  });

  it('GET issues/{id}/tags/: keys with totals and top values', async () => {
    const body = expectWire(
      IssueTagSchema.array(),
      await call('GET', orgPath(server, `issues/${issue}/tags/`)),
    );
    z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        totalValues: z.number().int(),
        topValues: z.array(TagValueShape),
      }),
    ).parse(body);
  });

  it('GET issues/{id}/activities/: {activity: [...]}', async () => {
    z.object({ activity: z.array(ActivityShape).min(2) }).parse(
      expectWire(IssueActivitiesSchema, await call('GET', orgPath(server, `issues/${issue}/activities/`))),
    );
  });

  it('POST and GET issues/{id}/comments/: note activities', async () => {
    ActivityShape.extend({ type: z.literal('note'), data: z.object({ text: z.string() }) }).parse(
      expectWire(
        IssueCommentSchema,
        await call('POST', orgPath(server, `issues/${issue}/comments/`), { text: 'shape' }),
      ),
    );
    z.array(ActivityShape)
      .min(1)
      .parse(
        expectWire(
          IssueCommentSchema.array(),
          await call('GET', orgPath(server, `issues/${issue}/comments/`)),
        ),
      );
  });

  it('GET issues-stats/: base collapsed, stats and lifetime', async () => {
    z.array(
      z.object({
        id: z.string(),
        ...SeenShape,
        stats: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))),
        lifetime: z.object({ ...SeenShape, stats: z.null() }),
        filtered: z.null(),
      }),
    ).parse(
      expectWire(
        IssueStatsSchema.array(),
        await call('GET', orgPath(server, `issues-stats/?groups=${issue}`)),
      ),
    );
  });
});
