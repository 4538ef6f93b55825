/**
 * The wire schemas (`@dexter/sentry-wire`) read the responses Sentry documents: each fixture is a
 * 200 example of Sentry's OpenAPI spec (`test-fixtures/README.md`).
 */
import {
  EventListItemSchema,
  EventSchema,
  getBreadcrumbsEntry,
  getExceptionEntry,
  getRequestEntry,
  IssueListItemSchema,
  IssueSchema,
  OrganizationSchema,
  ProjectKeySchema,
  ProjectSchema,
} from '@dexter/sentry-wire';
import { describe, expect, it } from 'vitest';
import issueDetail from './test-fixtures/issue.json';
import issueEvent from './test-fixtures/issue-event.json';
import issueEventsList from './test-fixtures/issue-events-list.json';
import issueList from './test-fixtures/issue-list.json';
import organization from './test-fixtures/organization.json';
import projectKeys from './test-fixtures/project-keys.json';
import projectList from './test-fixtures/project-list.json';

describe('issues', () => {
  it("parse Sentry's documented list example", () => {
    const [issue] = IssueSchema.array().parse(issueList);
    expect(issue).toMatchObject({
      id: '1',
      shortId: 'PUMP-STATION-1',
      count: '150',
      userCount: 0,
      status: 'ignored',
      substatus: 'archived_until_condition_met',
      project: { id: '2', slug: 'pump-station', name: 'Pump Station' },
      assignedTo: { type: 'user', id: '1', name: 'John Doe' },
    });
    expect(issue?.stats?.['24h']?.[0]).toEqual([1541455200, 473]);
  });

  it("parse Sentry's documented detail example and keep detail-only fields", () => {
    const issue = IssueSchema.parse(issueDetail);
    expect(issue.id).toBe(String(issueDetail.id));
    expect(issue).toHaveProperty('activity');
    expect(issue).toHaveProperty('participants');
  });

  it('read the same fields as list items, without the undeclared keys', () => {
    const [item] = IssueListItemSchema.array().parse(issueList);
    const [detail] = IssueSchema.array().parse(issueList);
    expect(item).toEqual(
      Object.fromEntries(Object.entries(detail!).filter(([key]) => key in IssueListItemSchema.shape)),
    );
    expect(Object.keys(issueList[0]!).some((key) => !(key in item!))).toBe(true);
  });
});

describe('events', () => {
  const event = EventSchema.parse(issueEvent);

  it("parse Sentry's documented event with tags as objects", () => {
    expect(event).toMatchObject({
      id: '9999aaafcc8b46d797c23c6077c6ff01',
      groupID: '1341191803',
      platform: 'javascript',
    });
    expect(event.tags).toContainEqual({ key: 'environment', value: 'prod' });
  });

  it('parse list items, whose type key is literally "event.type"', () => {
    const [item] = EventListItemSchema.array().parse(issueEventsList);
    expect(item).toMatchObject({ 'event.type': 'error', projectID: '49271', location: 'example.py:123' });
  });

  it('expose exception frames in camelCase, oldest first, with source context', () => {
    const value = getExceptionEntry(event)?.values?.[0];
    expect(value).toMatchObject({ type: 'ForbiddenError', mechanism: { type: 'generic', handled: true } });
    const frame = value?.stacktrace?.frames?.[0];
    expect(frame).toMatchObject({ function: 'ignoreOnError', lineNo: 71, colNo: 23, inApp: false });
    expect(frame?.context?.[5]).toEqual([71, '            return fn.apply(this, wrappedArguments);']);
  });

  it('expose breadcrumbs', () => {
    const crumbs = getBreadcrumbsEntry(event)?.values ?? [];
    expect(crumbs).toHaveLength(3);
    expect(crumbs[1]).toMatchObject({ category: 'xhr', data: { status_code: 200 } });
  });

  it('expose the request with headers and query as pairs', () => {
    expect(getRequestEntry(event)).toMatchObject({
      url: 'https://sentry.io/organizations/hellboy-meowmeow/issues/',
      query: [['project', '5236886']],
    });
  });
});

describe('organizations and projects', () => {
  it("parse Sentry's documented organization", () => {
    expect(OrganizationSchema.parse(organization)).toMatchObject({
      id: String(organization.id),
      slug: organization.slug,
    });
  });

  it("parse Sentry's documented project list", () => {
    const projects = ProjectSchema.array().parse(projectList);
    expect(projects[0]).toMatchObject({ id: String(projectList[0]?.id), slug: projectList[0]?.slug });
  });

  it("parse Sentry's documented keys and read the integer projectId as a string", () => {
    const [key] = ProjectKeySchema.array().parse(projectKeys);
    expect(key?.projectId).toBe('4505281256090153');
    expect(key?.dsn?.public).toMatch(/^https:\/\/.+@.+\/4505281256090/);
  });
});
