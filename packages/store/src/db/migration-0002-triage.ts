/**
 * Migration 0002: what triage needs beyond ingest. Members and teams (assignees), the activity
 * log (status changes, assignments, merges, priorities, comments), per-member bookmarks and
 * "seen" marks, and on issues: the assignee, a manual priority, the ignore condition (`snooze`)
 * and the release a resolution is tied to (`resolution`). API tokens gain the member they act as.
 *
 * Invariants: an issue has at most one assignee, a member or a team, never both; `snooze` and
 * `resolution` are private JSON the API never shows as such (it renders `statusDetails`).
 */
import { type Kysely, type Migration, sql } from 'kysely';

const ISSUE_COLUMNS: Array<[string, 'integer' | 'bigint' | 'text']> = [
  ['assignee_member_id', 'integer'],
  ['assignee_team_id', 'integer'],
  ['priority', 'text'],
  ['priority_locked_at', 'bigint'],
  ['snooze', 'text'],
  ['resolution', 'text'],
];

export const triageMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('members')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('date_created', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('members_org_email', ['organization_id', 'email'])
      .execute();
    await db.schema
      .createTable('teams')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
      .addColumn('slug', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('date_created', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('teams_org_slug', ['organization_id', 'slug'])
      .execute();
    await db.schema
      .createTable('team_members')
      .addColumn('team_id', 'integer', (c) => c.notNull().references('teams.id'))
      .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
      .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'member_id'])
      .execute();
    await db.schema
      .createTable('activities')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('issue_id', 'integer', (c) => c.notNull())
      .addColumn('project_id', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('member_id', 'integer')
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('date_created', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('activities_issue_time')
      .on('activities')
      .columns(['issue_id', 'date_created', 'id'])
      .execute();
    await db.schema
      .createTable('issue_bookmarks')
      .addColumn('issue_id', 'integer', (c) => c.notNull())
      .addColumn('member_id', 'integer', (c) => c.notNull())
      .addColumn('date_created', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('issue_bookmarks_pk', ['issue_id', 'member_id'])
      .execute();
    await db.schema
      .createTable('issue_seen')
      .addColumn('issue_id', 'integer', (c) => c.notNull())
      .addColumn('member_id', 'integer', (c) => c.notNull())
      .addColumn('last_seen', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('issue_seen_pk', ['issue_id', 'member_id'])
      .execute();
    // SQLite adds one column per ALTER TABLE statement.
    for (const [name, type] of ISSUE_COLUMNS) {
      await db.schema.alterTable('issues').addColumn(name, type).execute();
    }
    await db.schema.alterTable('api_tokens').addColumn('member_id', 'integer').execute();
    await db.schema.createIndex('issues_assignee_member').on('issues').column('assignee_member_id').execute();
    await db.schema.createIndex('issues_assignee_team').on('issues').column('assignee_team_id').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const index of ['issues_assignee_member', 'issues_assignee_team']) {
      await sql`drop index if exists ${sql.id(index)}`.execute(db);
    }
    for (const [name] of ISSUE_COLUMNS) await db.schema.alterTable('issues').dropColumn(name).execute();
    await db.schema.alterTable('api_tokens').dropColumn('member_id').execute();
    for (const table of ['issue_seen', 'issue_bookmarks', 'activities', 'team_members', 'teams', 'members']) {
      await sql`drop table if exists ${sql.table(table)}`.execute(db);
    }
  },
};
