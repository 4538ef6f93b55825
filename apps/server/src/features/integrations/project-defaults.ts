/**
 * Per connection and Dexter project: where a new ticket goes (a repository/project/team other than
 * the connection's), labels added to those typed, and an assignee (migration 0014). Each vendor
 * names these its own way, so they are checked per vendor here and refused with the field named.
 */
import type { IntegrationVendor, ProjectDefaults, ProjectDefaultsInputSchema } from '@dexter/contracts';
import type { z } from 'zod';
import type { DexterDb } from '../../db/database';
import { DexterError } from '../../errors/error-codes';

interface DefaultsTable {
  connection_id: number;
  project: string;
  target: string | null;
  labels: string;
  assignee: string | null;
  updated_at: number;
}

type DefaultsInput = z.output<typeof ProjectDefaultsInputSchema>;

/** What each vendor accepts, and how to say so. */
const TARGETS: Record<IntegrationVendor, [RegExp, string]> = {
  github: [/^[\w.-]+\/[\w.-]+$/, 'a GitHub repository as owner/repo'],
  gitlab: [/^[\w.-]+(\/[\w.-]+)+$/, 'a GitLab project path as group/project'],
  jira: [/^[A-Z][A-Z0-9_]{0,49}$/, 'a Jira project key such as OPS'],
  linear: [/^[\w-]{1,100}$/, 'a Linear team id'],
};
const ASSIGNEES: Record<IntegrationVendor, [RegExp, string]> = {
  // GitHub logins: alphanumerics and single hyphens, at most 39 characters.
  github: [/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/, 'a GitHub login such as octocat'],
  // GitLab's create-issue API takes user ids (`assignee_ids`), not usernames.
  gitlab: [/^\d{1,12}$/, 'a numeric GitLab user id'],
  // Jira Cloud assigns by account id (`557058:f58131cb-...` or a 24-hex id), not by name.
  jira: [/^[\w:-]{1,128}$/, 'a Jira account id'],
  linear: [/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a Linear user id (a UUID)'],
};

/** The defaults as the vendor will take them, or a 400 naming the field. */
export function checkDefaults(vendor: IntegrationVendor, input: DefaultsInput): DefaultsInput {
  const refuse = (field: string, value: string, expected: string) => {
    throw new DexterError(
      'DEXTER_ERR_VALIDATION',
      `Invalid body.${field}: "${value.slice(0, 100)}" is not ${expected}`,
      { field },
    );
  };
  const [target, targetWords] = TARGETS[vendor];
  if (input.target !== null && !target.test(input.target)) refuse('target', input.target, targetWords);
  const [assignee, assigneeWords] = ASSIGNEES[vendor];
  if (input.assignee !== null && !assignee.test(input.assignee))
    refuse('assignee', input.assignee, assigneeWords);
  return { ...input, labels: [...new Set(input.labels)] };
}

export function createProjectDefaultsStore(db: DexterDb, now: () => number) {
  const tables = db.withTables<{ integration_project_defaults: DefaultsTable }>();
  const toDefaults = (row: DefaultsTable): ProjectDefaults => ({
    connectionId: String(row.connection_id),
    project: row.project,
    target: row.target,
    labels: JSON.parse(row.labels) as string[],
    assignee: row.assignee,
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  });

  return {
    async list(connectionId: number): Promise<ProjectDefaults[]> {
      const rows = await tables
        .selectFrom('integration_project_defaults')
        .selectAll()
        .where('connection_id', '=', connectionId)
        .orderBy('project')
        .execute();
      return rows.map(toDefaults);
    },

    async get(connectionId: number, project: string): Promise<ProjectDefaults | null> {
      const row = await tables
        .selectFrom('integration_project_defaults')
        .selectAll()
        .where('connection_id', '=', connectionId)
        .where('project', '=', project)
        .executeTakeFirst();
      return row ? toDefaults(row) : null;
    },

    async put(connectionId: number, project: string, input: DefaultsInput): Promise<ProjectDefaults> {
      const row: DefaultsTable = {
        connection_id: connectionId,
        project,
        target: input.target,
        labels: JSON.stringify(input.labels),
        assignee: input.assignee,
        updated_at: now(),
      };
      await tables
        .insertInto('integration_project_defaults')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['connection_id', 'project']).doUpdateSet({
            target: row.target,
            labels: row.labels,
            assignee: row.assignee,
            updated_at: row.updated_at,
          }),
        )
        .execute();
      return toDefaults(row);
    },

    async delete(connectionId: number, project: string): Promise<boolean> {
      const result = await tables
        .deleteFrom('integration_project_defaults')
        .where('connection_id', '=', connectionId)
        .where('project', '=', project)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

export type ProjectDefaultsStore = ReturnType<typeof createProjectDefaultsStore>;
