/**
 * Bulk `PUT /organizations/{org}/issues/?id=…`: each triage action's effect on the stored issues
 * and their activity, the 1,000-id cap, scope rules, and status updates by query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, orgPath, secondProject, seedIssue } from '../../../testing/issue-seeding';
import { type StoreServer, startStoreServer } from '../../../testing/store-harness';

let server: StoreServer;

beforeAll(async () => {
  server = await startStoreServer();
});
afterAll(() => server.close());

const bulk = (ids: string[], body: unknown, extra = '') =>
  apiCall<Record<string, unknown>>(
    server,
    'PUT',
    orgPath(server, `issues/?${ids.map((id) => `id=${id}`).join('&')}${extra}`),
    body,
  );
const row = (id: string) =>
  server.store.db.selectFrom('issues').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow();
const activityTypes = async (id: string) =>
  (
    await server.store.db
      .selectFrom('activities')
      .select('type')
      .where('issue_id', '=', Number(id))
      .orderBy('id')
      .execute()
  ).map((a) => a.type);

describe('bulk status changes', () => {
  it('resolves, echoes the change and logs set_resolved once per issue', async () => {
    const ids = [await seedIssue(server, 'resolve-a'), await seedIssue(server, 'resolve-b')];
    const res = await bulk(ids, { status: 'resolved' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'resolved', statusDetails: {} });
    for (const id of ids) {
      expect(await row(id)).toMatchObject({ status: 'resolved', substatus: null });
      expect(await activityTypes(id)).toEqual(['set_resolved']);
    }
    await bulk(ids, { status: 'resolved' });
    expect(await activityTypes(ids[0]!)).toEqual(['set_resolved']);
  });

  it('resolves in the next release with the actor in statusDetails', async () => {
    const id = await seedIssue(server, 'next-release');
    const res = await bulk([id], { status: 'resolvedInNextRelease' });
    expect(res.body).toMatchObject({
      status: 'resolved',
      statusDetails: { inNextRelease: true, actor: { email: 'admin@dexter.local' } },
    });
    const stored = await row(id);
    expect(stored.status).toBe('resolved');
    expect(JSON.parse(stored.resolution ?? '{}')).toMatchObject({ type: 'in_next_release' });
    expect(await activityTypes(id)).toEqual(['set_resolved_in_release']);
  });

  it('refuses to resolve in the next release across projects', async () => {
    const other = await secondProject(server, 'next-release-other');
    const ids = [await seedIssue(server, 'nr-here'), await seedIssue(server, 'nr-there', { project: other })];
    const res = await bulk(ids, { status: 'resolvedInNextRelease' });
    expect(res).toMatchObject({
      status: 400,
      body: { detail: 'Cannot set resolved in next release for multiple projects.' },
    });
    expect((await row(ids[0]!)).status).toBe('unresolved');
  });

  it('resolves in a named release of the project', async () => {
    const id = await seedIssue(server, 'in-release');
    const created = await apiCall(server, 'POST', orgPath(server, 'releases/'), {
      version: 'app@2.0.0',
      projects: [server.projectId],
    });
    expect(created.status).toBe(201);
    const res = await bulk([id], { status: 'resolved', statusDetails: { inRelease: 'app@2.0.0' } });
    expect(res.body).toMatchObject({ status: 'resolved', statusDetails: { inRelease: 'app@2.0.0' } });
    expect(JSON.parse((await row(id)).resolution ?? '{}')).toMatchObject({
      type: 'in_release',
      release: 'app@2.0.0',
    });
  });

  it('unresolves a resolved issue as regressed, and a bulk of several as ongoing', async () => {
    const one = await seedIssue(server, 'unresolve-one');
    await bulk([one], { status: 'resolved' });
    expect((await bulk([one], { status: 'unresolved' })).body).toEqual({
      status: 'unresolved',
      substatus: 'regressed',
      statusDetails: {},
    });
    expect(await activityTypes(one)).toEqual(['set_resolved', 'set_unresolved']);
    const many = [await seedIssue(server, 'unresolve-x'), await seedIssue(server, 'unresolve-y')];
    await bulk(many, { status: 'ignored' });
    await bulk(many, { status: 'unresolved' });
    expect((await row(many[0]!)).substatus).toBe('ongoing');
  });

  it('ignores forever', async () => {
    const id = await seedIssue(server, 'ignore-forever');
    const res = await bulk([id], { status: 'ignored' });
    expect(res.body).toEqual({ status: 'ignored', substatus: 'archived_forever', statusDetails: {} });
    expect(await row(id)).toMatchObject({ status: 'ignored', substatus: 'archived_forever', snooze: null });
    expect(await activityTypes(id)).toEqual(['set_ignored']);
  });

  it('ignores for a duration, with ignoreUntil that many minutes ahead', async () => {
    const id = await seedIssue(server, 'ignore-duration');
    const before = Date.now();
    const res = await bulk([id], { status: 'ignored', statusDetails: { ignoreDuration: 30 } });
    const until = Date.parse(String((res.body.statusDetails as { ignoreUntil: string }).ignoreUntil));
    expect(until).toBeGreaterThanOrEqual(before + 30 * 60_000 - 1000);
    expect(until).toBeLessThanOrEqual(Date.now() + 30 * 60_000);
    expect(res.body.substatus).toBe('archived_until_condition_met');
    expect(JSON.parse((await row(id)).snooze ?? '{}')).toMatchObject({
      until: expect.any(Number),
      count: null,
    });
  });

  it('ignores until N more events, then wakes up as escalating when they arrive', async () => {
    const id = await seedIssue(server, 'ignore-count', { events: 2 });
    const res = await bulk([id], { status: 'ignored', statusDetails: { ignoreCount: 2 } });
    expect(res.body).toMatchObject({
      substatus: 'archived_until_condition_met',
      statusDetails: { ignoreCount: 2 },
    });
    expect(JSON.parse((await row(id)).snooze ?? '{}')).toMatchObject({ count: 2, timesSeen: 2 });
    await seedIssue(server, 'ignore-count');
    expect((await row(id)).status).toBe('ignored');
    await seedIssue(server, 'ignore-count');
    expect(await row(id)).toMatchObject({ status: 'unresolved', substatus: 'escalating', snooze: null });
    expect(await activityTypes(id)).toEqual(['set_ignored', 'set_escalating']);
  });

  it('ignores until N more users within a window', async () => {
    const id = await seedIssue(server, 'ignore-users', { users: ['u0'] });
    await bulk([id], { status: 'ignored', statusDetails: { ignoreUserCount: 2, ignoreUserWindow: 60 } });
    expect(JSON.parse((await row(id)).status_details)).toMatchObject({
      ignoreUserCount: 2,
      ignoreUserWindow: 60,
    });
    await seedIssue(server, 'ignore-users', { users: ['u0'] });
    expect((await row(id)).status).toBe('ignored');
    await seedIssue(server, 'ignore-users', { users: ['u1'] });
    expect((await row(id)).status).toBe('unresolved');
  });

  it('archives until escalating', async () => {
    const id = await seedIssue(server, 'until-escalating');
    const res = await bulk([id], { status: 'ignored', substatus: 'archived_until_escalating' });
    expect(res.body).toMatchObject({ status: 'ignored', substatus: 'archived_until_escalating' });
    expect(await row(id)).toMatchObject({ status: 'ignored', substatus: 'archived_until_escalating' });
  });

  it('refuses a window over a week, DRF-style', async () => {
    const id = await seedIssue(server, 'bad-window');
    const res = await bulk([id], {
      status: 'ignored',
      statusDetails: { ignoreCount: 5, ignoreWindow: 20_000 },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusDetails: { ignoreWindow: ['Ensure this value is less than or equal to 10080.'] },
    });
  });
});

describe('bulk assignment, bookmarks, seen marks and priority', () => {
  it('assigns to a member by email, to a team, and unassigns, logging each change', async () => {
    const id = await seedIssue(server, 'assign');
    const toUser = await bulk([id], { assignedTo: 'admin@dexter.local' });
    expect(toUser.body.assignedTo).toMatchObject({ type: 'user', email: 'admin@dexter.local' });
    const team = await server.store.db.selectFrom('teams').selectAll().executeTakeFirstOrThrow();
    const toTeam = await bulk([id], { assignedTo: `team:${team.id}` });
    expect(toTeam.body.assignedTo).toEqual({ type: 'team', id: String(team.id), name: 'triage' });
    expect(await row(id)).toMatchObject({ assignee_member_id: null, assignee_team_id: team.id });
    expect((await bulk([id], { assignedTo: '' })).body.assignedTo).toBeNull();
    expect(await row(id)).toMatchObject({ assignee_member_id: null, assignee_team_id: null });
    expect(await activityTypes(id)).toEqual(['assigned', 'assigned', 'unassigned']);
  });

  it('refuses an assignee nobody in the organization answers to', async () => {
    const id = await seedIssue(server, 'assign-unknown');
    const res = await bulk([id], { assignedTo: 'ghost@nowhere' });
    expect(res).toMatchObject({ status: 400, body: { assignedTo: ['Unknown actor input'] } });
  });

  it('bookmarks and marks seen for the calling member, shown on the issue', async () => {
    const id = await seedIssue(server, 'bookmark');
    await bulk([id], { isBookmarked: true, hasSeen: true });
    const issue = await apiCall<{ isBookmarked: boolean; hasSeen: boolean }>(
      server,
      'GET',
      orgPath(server, `issues/${id}/`),
    );
    expect(issue.body).toMatchObject({ isBookmarked: true, hasSeen: true });
    await bulk([id], { isBookmarked: false });
    expect(
      (await apiCall<{ isBookmarked: boolean }>(server, 'GET', orgPath(server, `issues/${id}/`))).body
        .isBookmarked,
    ).toBe(false);
  });

  it('sets the priority, locks it, and logs set_priority only when it changes', async () => {
    const id = await seedIssue(server, 'priority');
    await bulk([id], { priority: 'high' });
    await bulk([id], { priority: 'high' });
    expect(await row(id)).toMatchObject({ priority: 'high', priority_locked_at: expect.any(Number) });
    expect(await activityTypes(id)).toEqual(['set_priority']);
  });
});

describe('scope and limits', () => {
  it('answers 204 and changes nothing when no id is in scope', async () => {
    const res = await bulk(['999999991', '999999992'], { status: 'resolved' });
    expect(res.status).toBe(204);
  });

  it('ignores out-of-scope ids among valid ones', async () => {
    const id = await seedIssue(server, 'partly-valid');
    expect((await bulk([id, '999999993'], { status: 'resolved' })).status).toBe(200);
    expect((await row(id)).status).toBe('resolved');
  });

  it('refuses 2,500 ids with a 400, Sentry’s cap being 1,000', async () => {
    const ids = Array.from({ length: 2500 }, (_, i) => String(i + 1));
    const res = await bulk(ids, { status: 'resolved' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/at most 1000 ids/);
  });

  it('updates the issues matching a query when no id is given, and needs ids for anything else', async () => {
    const ids = [
      await seedIssue(server, 'by-query', { tags: { cohort: 'q1' } }),
      await seedIssue(server, 'by-query-2', { tags: { cohort: 'q1' } }),
    ];
    const res = await apiCall(server, 'PUT', orgPath(server, 'issues/?query=cohort:q1'), {
      status: 'ignored',
    });
    expect(res.status).toBe(200);
    for (const id of ids) expect((await row(id)).status).toBe('ignored');
    const refused = await apiCall(server, 'PUT', orgPath(server, 'issues/?query=cohort:q1'), {
      priority: 'low',
    });
    expect(refused).toMatchObject({
      status: 400,
      body: { detail: 'You must specify a list of IDs for this operation' },
    });
  });

  it('answers 204 to a status update by query that matches nothing', async () => {
    const res = await apiCall(server, 'PUT', orgPath(server, 'issues/?query=cohort:nobody'), {
      status: 'resolved',
    });
    expect(res.status).toBe(204);
  });
});

describe('single-issue PUT', () => {
  it('takes the bulk fields and answers with the whole issue', async () => {
    const id = await seedIssue(server, 'single');
    const res = await apiCall<Record<string, unknown>>(server, 'PUT', orgPath(server, `issues/${id}/`), {
      status: 'ignored',
      statusDetails: { ignoreCount: 10 },
      assignedTo: 'admin',
      isBookmarked: true,
      priority: 'low',
      hasSeen: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      status: 'ignored',
      substatus: 'archived_until_condition_met',
      statusDetails: { ignoreCount: 10 },
      assignedTo: { type: 'user', name: 'Admin' },
      isBookmarked: true,
      hasSeen: true,
      priority: 'low',
    });
  });
});
