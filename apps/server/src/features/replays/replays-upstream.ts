/**
 * Sentry's replay endpoints as calls over the upstream pipeline's transport (cached, budgeted and
 * retried like every Sentry call; rows `replays.*` in config/api-mappings.yaml), the same calls for
 * sentry.io and the built-in store. Bodies are read with lenient schemas: unknown keys pass, a
 * body of the wrong shape is the pipeline's usual invalid-response error.
 */
import {
  apiPath,
  SentryInvalidResponseError,
  type Transport,
  type UpstreamRequest,
} from '@dexter/sentry-client';
import { z } from 'zod';

const nullableString = z.string().nullish();
const NameVersion = z.looseObject({ name: nullableString, version: nullableString }).nullish();

export const ReplayRowSchema = z.looseObject({
  id: z.string(),
  project_id: z.union([z.string(), z.number()]).transform(String),
  error_ids: z.array(z.string()).nullish(),
  environment: nullableString,
  user: z.looseObject({ display_name: nullableString }).nullish(),
  browser: NameVersion,
  os: NameVersion,
  urls: z.array(z.string()).nullish(),
  count_errors: z.number().nullish(),
  count_segments: z.number().nullish(),
  duration: z.number().nullish(),
  started_at: nullableString,
  finished_at: nullableString,
  replay_type: nullableString,
  releases: z.array(z.string()).nullish(),
});
export type ReplayRow = z.infer<typeof ReplayRowSchema>;

const ListSchema = z.looseObject({ data: z.array(ReplayRowSchema) });
const DetailSchema = z.looseObject({ data: ReplayRowSchema });
const SegmentsSchema = z.array(z.array(z.record(z.string(), z.unknown())));
const CountIdsSchema = z.record(z.string(), z.array(z.string()));

export interface ReplayListParams {
  project?: string;
  query?: string;
  statsPeriod: string;
  perPage: number;
}

export function replaysUpstream(transport: Transport) {
  async function call<S extends z.ZodType>(req: UpstreamRequest, schema: S) {
    const res = await transport(req);
    const parsed = schema.safeParse(res.body);
    if (parsed.success) return { body: parsed.data as z.output<S>, headers: res.headers };
    throw new SentryInvalidResponseError({
      operation: req.operation,
      method: req.method,
      path: req.path,
      reason: 'schema',
      status: res.status,
      bodySnippet: JSON.stringify(res.body)?.slice(0, 200) ?? null,
      message: `response does not match the expected shape (${parsed.error.issues[0]?.path.join('.') ?? ''})`,
    });
  }

  return {
    async list(org: string, params: ReplayListParams): Promise<ReplayRow[]> {
      const req: UpstreamRequest = {
        operation: 'replays.list',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/replays/`,
        query: {
          project: params.project,
          query: params.query,
          statsPeriod: params.statsPeriod,
          sort: '-started_at',
          per_page: params.perPage,
        },
      };
      return (await call(req, ListSchema)).body.data;
    },
    async get(org: string, replayId: string): Promise<ReplayRow> {
      const req: UpstreamRequest = {
        operation: 'replays.get',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/replays/${replayId}/`,
      };
      return (await call(req, DetailSchema)).body.data;
    },
    /** One page of segments and whether another follows (Sentry's `Link` header). */
    async segments(org: string, projectId: string, replayId: string, cursor: string | undefined) {
      const req: UpstreamRequest = {
        operation: 'replays.segments',
        method: 'GET',
        path: apiPath`/api/0/projects/${org}/${projectId}/replays/${replayId}/recording-segments/`,
        // Sentry's own player asks with `download`: sentry.io answers the segments' events with
        // it, and metadata rows (`{data: [...]}`) without; the built-in store answers events either way.
        query: { download: 'true', per_page: 100, cursor },
      };
      const { body, headers } = await call(req, SegmentsSchema);
      const next = /<[^>]*>;\s*rel="next";\s*results="true";\s*cursor="([^"]+)"/.exec(headers.link ?? '');
      return { segments: body, nextCursor: next?.[1] ?? null };
    },
    /** Replay ids per issue (`replay-count` with `returnIds`). */
    async idsForIssue(org: string, issueId: string, statsPeriod: string): Promise<string[]> {
      const req: UpstreamRequest = {
        operation: 'replays.count',
        method: 'GET',
        path: apiPath`/api/0/organizations/${org}/replay-count/`,
        query: { query: `issue.id:[${issueId}]`, returnIds: 'true', data_source: 'discover', statsPeriod },
      };
      return (await call(req, CountIdsSchema)).body[issueId] ?? [];
    },
  };
}

export type ReplaysUpstream = ReturnType<typeof replaysUpstream>;
