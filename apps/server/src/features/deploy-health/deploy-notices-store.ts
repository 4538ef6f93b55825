/**
 * Deploy evaluations in Dexter's database (migration `0005_deploy_notices`), flagged or not, one
 * row per deploy. A flagged row is final. An unflagged one is replaced by later evaluations: events
 * can arrive late (an SDK's offline queue, a backlog, a pipeline that records the deploy before the
 * errors are in), and a deploy that looked fine at first may turn out bad. `record` answers whether
 * this call's row landed (inserted, or replaced an unflagged one), which for a flagged evaluation
 * is the one and only permission to publish the notice: once a row is flagged nothing replaces it.
 */
import type { DeployNotice, DeployNoticeQuery } from '@dexter/contracts';
import type { DexterDb } from '../../db/database';

interface DeployNoticeTable {
  org: string;
  deploy_key: string;
  release: string;
  environment: string | null;
  date_finished: number;
  flagged: number;
  detail: string;
  evaluated_at: number;
}

type Detail = Pick<DeployNotice, 'projects' | 'windowMinutes' | 'errors' | 'newIssues' | 'summary'>;

const MAX_LISTED = 500;

export function createDeployNoticesStore(db: DexterDb) {
  const notices = db.withTables<{ deploy_notices: DeployNoticeTable }>();

  const toNotice = (row: DeployNoticeTable): DeployNotice => {
    const detail = JSON.parse(row.detail) as Detail;
    return {
      deployKey: row.deploy_key,
      release: row.release,
      environment: row.environment,
      dateFinished: new Date(row.date_finished).toISOString(),
      flagged: row.flagged === 1,
      evaluatedAt: new Date(row.evaluated_at).toISOString(),
      ...detail,
    };
  };

  return {
    /** Which of `keys` were flagged already (and so are never evaluated again). */
    async flaggedAmong(org: string, keys: readonly string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const rows = await notices
        .selectFrom('deploy_notices')
        .select('deploy_key')
        .where('org', '=', org)
        .where('deploy_key', 'in', [...keys])
        .where('flagged', '=', 1)
        .execute();
      return new Set(rows.map((row) => row.deploy_key));
    },

    /** True when this call's evaluation landed; false when the deploy was flagged already. */
    async record(org: string, notice: DeployNotice): Promise<boolean> {
      const { deployKey, release, environment, dateFinished, flagged, evaluatedAt, ...rest } = notice;
      const detail: Detail = {
        projects: rest.projects,
        windowMinutes: rest.windowMinutes,
        errors: rest.errors,
        newIssues: rest.newIssues,
        summary: rest.summary,
      };
      const result = await notices
        .insertInto('deploy_notices')
        .values({
          org,
          deploy_key: deployKey,
          release,
          environment,
          date_finished: Date.parse(dateFinished),
          flagged: flagged ? 1 : 0,
          detail: JSON.stringify(detail),
          evaluated_at: Date.parse(evaluatedAt),
        })
        .onConflict((conflict) =>
          conflict
            .columns(['org', 'deploy_key'])
            .doUpdateSet((eb) => ({
              flagged: eb.ref('excluded.flagged'),
              detail: eb.ref('excluded.detail'),
              evaluated_at: eb.ref('excluded.evaluated_at'),
            }))
            .where('deploy_notices.flagged', '=', 0),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async list(org: string, query: DeployNoticeQuery): Promise<DeployNotice[]> {
      let select = notices.selectFrom('deploy_notices').selectAll().where('org', '=', org);
      if (query.release !== undefined) select = select.where('release', '=', query.release);
      if (query.since !== undefined) select = select.where('date_finished', '>=', Date.parse(query.since));
      if (query.flagged !== undefined)
        select = select.where('flagged', '=', query.flagged === 'true' ? 1 : 0);
      const rows = await select.orderBy('date_finished', 'desc').limit(MAX_LISTED).execute();
      return rows.map(toNotice);
    },
  };
}

export type DeployNoticesStore = ReturnType<typeof createDeployNoticesStore>;
