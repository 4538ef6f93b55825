/**
 * Every action on one issue, through `/api/v1` (standalone mode), with its effect read from the
 * built-in store's database rather than from Dexter's answer: status changes and each ignore
 * condition, assignment to a member and a team, bookmarks, priority, merging (one project only),
 * comments, and the audit entry each mutation leaves.
 */
import type {
  AuditList,
  Issue,
  IssueComment,
  IssueCommentList,
  OrganizationMemberList,
  OrganizationTeamList,
} from '@dexter/contracts';
import { envelopeOf, postEnvelope, storeDatabaseIn, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
let other: { id: string; dsn: string };
const ids: Record<string, string> = {};

const api = (path: string) => `/api/v1/organizations/dexter${path}`;
let storeDb: ReturnType<typeof storeDatabaseIn>;
const db = () => storeDb;
const row = (id: string) =>
  db().selectFrom('issues').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow();

async function seed(name: string, project: { id: string; dsn: string }, events = 1): Promise<string> {
  let eventId = '';
  for (let i = 0; i < events; i++) {
    const event = testEvent({ fingerprint: [name], value: name });
    eventId = event.event_id;
    const res = await postEnvelope(dexter.url, project.id, new URL(project.dsn).username, envelopeOf(event));
    expect(res.status).toBe(200);
  }
  const found = await db()
    .selectFrom('events')
    .select('issue_id')
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return String(found.issue_id);
}

async function put(id: string, body: unknown): Promise<Response> {
  return dexter.request(api(`/issues/${id}`), { method: 'PUT', body: JSON.stringify(body) });
}

async function change(id: string, body: unknown): Promise<Issue> {
  const res = await put(id, body);
  expect(res.status).toBe(200);
  return (await res.json()) as Issue;
}

beforeAll(async () => {
  dexter = await startTestDexter();
  storeDb = storeDatabaseIn(dexter.dataDir);
  const main = dexter.bootstrap!.projects[0]!;
  other = await dexter.store!.admin.ensureProject('dexter', 'other', dexter.url);
  for (const name of ['status', 'ignore', 'assign', 'marks', 'comments', 'parent', 'child']) {
    ids[name] = await seed(name, main, name === 'parent' ? 2 : 1);
  }
  ids.elsewhere = await seed('elsewhere', other);
});
afterAll(async () => {
  await storeDb.destroy();
  await dexter.close();
});

describe('status', () => {
  it('resolves, resolves in the next release, and unresolves', async () => {
    expect(await change(ids.status!, { status: 'resolved' })).toMatchObject({ status: 'resolved' });
    expect((await row(ids.status!)).status).toBe('resolved');

    await change(ids.status!, { status: 'resolvedInNextRelease' });
    const next = await row(ids.status!);
    expect([next.status, JSON.parse(next.resolution!).type]).toEqual(['resolved', 'in_next_release']);

    await change(ids.status!, { status: 'unresolved' });
    expect(await row(ids.status!)).toMatchObject({ status: 'unresolved', resolution: null });
  });

  it('ignores forever, for a duration, until N events, until N users, and until escalating', async () => {
    const id = ids.ignore!;
    await change(id, { status: 'ignored' });
    expect(await row(id)).toMatchObject({ status: 'ignored', substatus: 'archived_forever', snooze: null });

    const before = Date.now();
    await change(id, { status: 'ignored', ignore: { until: 'duration', minutes: 30 } });
    const timed = await row(id);
    expect(timed.substatus).toBe('archived_until_condition_met');
    expect(JSON.parse(timed.snooze!).until).toBeGreaterThanOrEqual(before + 30 * 60_000);

    await change(id, { status: 'ignored', ignore: { until: 'events', count: 100, windowMinutes: 60 } });
    expect(JSON.parse((await row(id)).snooze!)).toMatchObject({ count: 100, window: 60 });

    const issue = await change(id, { status: 'ignored', ignore: { until: 'users', count: 5 } });
    expect(JSON.parse((await row(id)).snooze!)).toMatchObject({ userCount: 5 });
    expect(issue.statusDetails).toMatchObject({ ignoreUserCount: 5 });

    await change(id, { status: 'ignored', ignore: { until: 'escalating' } });
    expect(await row(id)).toMatchObject({ substatus: 'archived_until_escalating', snooze: null });
  });

  it('refuses a condition without "ignored", and an empty change', async () => {
    for (const body of [{ ignore: { until: 'forever' } }, {}, { status: 'fixed' }]) {
      const res = await put(ids.ignore!, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('DEXTER_ERR_VALIDATION');
    }
  });
});

describe('assignment', () => {
  it('assigns to a member and to a team from the picker lists, then unassigns', async () => {
    const { members } = (await (await dexter.request(api('/members'))).json()) as OrganizationMemberList;
    const { teams } = (await (await dexter.request(api('/teams'))).json()) as OrganizationTeamList;
    const member = members.find((m) => m.assignee !== null)!;
    const team = teams[0]!;
    expect(team.assignee).toBe(`team:${team.id}`);

    const assigned = await change(ids.assign!, { assignedTo: member.assignee });
    expect(assigned.assignedTo).toMatchObject({ type: 'user', id: member.userId });
    expect((await row(ids.assign!)).assignee_member_id).toBe(Number(member.userId));

    await change(ids.assign!, { assignedTo: team.assignee });
    expect(await row(ids.assign!)).toMatchObject({
      assignee_team_id: Number(team.id),
      assignee_member_id: null,
    });

    expect((await change(ids.assign!, { assignedTo: null })).assignedTo).toBeNull();
    expect(await row(ids.assign!)).toMatchObject({ assignee_team_id: null, assignee_member_id: null });
  });
});

describe('bookmark and priority', () => {
  const bookmarks = () =>
    db().selectFrom('issue_bookmarks').select('issue_id').where('issue_id', '=', Number(ids.marks)).execute();

  it('bookmarks and un-bookmarks', async () => {
    expect((await change(ids.marks!, { isBookmarked: true })).isBookmarked).toBe(true);
    expect(await bookmarks()).toHaveLength(1);
    await change(ids.marks!, { isBookmarked: false });
    expect(await bookmarks()).toHaveLength(0);
  });

  it('sets the priority, together with a status in one change', async () => {
    await change(ids.marks!, { priority: 'high', status: 'resolved' });
    expect(await row(ids.marks!)).toMatchObject({ priority: 'high', status: 'resolved' });
  });
});

describe('merge', () => {
  const merge = (issueIds: string[]) =>
    dexter.request(api('/issues/merge'), { method: 'POST', body: JSON.stringify({ ids: issueIds }) });

  it('refuses issues of different projects and says why', async () => {
    const res = await merge([ids.parent!, ids.elsewhere!]);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string } };
    expect(error.message).toMatch(/different projects \(demo, other\).*only issues of one project/);
    expect(await row(ids.elsewhere!)).toBeTruthy();
  });

  it('merges issues of one project into the one with the most events', async () => {
    const res = await merge([ids.child!, ids.parent!]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ parent: ids.parent, children: [ids.child] });
    expect(
      await db().selectFrom('issues').select('id').where('id', '=', Number(ids.child)).execute(),
    ).toEqual([]);
    expect((await row(ids.parent!)).times_seen).toBe(3);
  });
});

describe('comments', () => {
  const comments = api(`/issues/${'{id}'}/comments`);
  const path = (rest = '') => `${comments.replace('{id}', ids.comments!)}${rest}`;
  const notes = () =>
    db()
      .selectFrom('activities')
      .select(['id', 'data'])
      .where('issue_id', '=', Number(ids.comments))
      .where('type', '=', 'note')
      .execute();

  it('adds, lists, edits and deletes a comment', async () => {
    const added = await dexter.request(path(), {
      method: 'POST',
      body: JSON.stringify({ text: 'looking into it' }),
    });
    expect(added.status).toBe(201);
    const comment = (await added.json()) as IssueComment;
    expect((await notes()).map((n) => JSON.parse(n.data).text)).toEqual(['looking into it']);

    const listed = (await (await dexter.request(path())).json()) as IssueCommentList;
    expect(listed.comments.map((c) => [c.id, c.text])).toEqual([[comment.id, 'looking into it']]);

    const edited = await dexter.request(path(`/${comment.id}`), {
      method: 'PUT',
      body: JSON.stringify({ text: 'fixed in #42' }),
    });
    expect(((await edited.json()) as IssueComment).text).toBe('fixed in #42');
    expect(JSON.parse((await notes())[0]!.data).text).toBe('fixed in #42');

    expect((await dexter.request(path(`/${comment.id}`), { method: 'DELETE' })).status).toBe(204);
    expect(await notes()).toEqual([]);
  });
});

describe('audit', () => {
  it('writes an entry per mutation, with what changed and which issues', async () => {
    const audit = async (action: string) =>
      ((await (await dexter.request(`/api/v1/audit?action=${action}`)).json()) as AuditList).entries;
    const updates = await audit('issues.update');
    expect(
      updates.find((e) => e.detail?.change && JSON.stringify(e.detail).includes('escalating')),
    ).toMatchObject({
      targets: { org: 'dexter', issueId: ids.ignore },
      result: 'success',
    });
    const [merged] = await audit('issues.merge');
    expect(merged).toMatchObject({ targets: { issueIds: `${ids.child},${ids.parent}`, parent: ids.parent } });
    expect((await audit('issues.comments.create')).length).toBe(1);
    expect((await audit('issues.comments.delete'))[0]!.targets.noteId).toBeTruthy();
  });
});
