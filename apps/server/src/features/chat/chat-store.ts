/**
 * Chat connections, routes, issue threads and mirrored messages in Dexter's database (migration
 * `0012_chat`). Secrets are never here (secrets service, `chat-<id>-…`).
 */
import type { ChatKind } from '@dexter/contracts';
import type { Generated, Insertable, Selectable } from 'kysely';
import type { DexterDb } from '../../db/database';

interface ConnectionTable {
  id: Generated<number>;
  org: string;
  kind: ChatKind;
  name: string;
  api_url: string | null;
  bot_user_id: string | null;
  bot_id: string | null;
  created_at: number;
}

interface RouteTable {
  id: Generated<number>;
  org: string;
  connection_id: number;
  /** '' when the route matches a team or an alert rule instead. */
  project: string;
  /** Team slug whose issues (assigned to it) post here, or ''. */
  team: Generated<string>;
  /** Alert rule id whose firings post here, or ''. */
  alert_rule: Generated<string>;
  channel: string;
  /** Quiet hours: IANA zone and local `HH:MM` start and end, or null. */
  quiet_tz: string | null;
  quiet_start: string | null;
  quiet_end: string | null;
  digest: Generated<'off' | 'hourly' | 'daily'>;
  created_at: number;
}

interface ThreadTable {
  connection_id: number;
  channel: string;
  org: string;
  issue_id: string;
  /** Slack's id of the channel (a route may name it), as events and interactions give it. */
  channel_id: string;
  thread_ts: string;
  last_status: string | null;
  created_at: number;
  updated_at: number;
}

interface MirroredTable {
  connection_id: number;
  org: string;
  issue_id: string;
  note_id: string;
  message_ts: string;
  /** `to_chat`: a Dexter comment posted in the thread; `from_chat`: a reply turned into a comment. */
  direction: 'to_chat' | 'from_chat';
  created_at: number;
}

export type ChatConnectionRow = Selectable<ConnectionTable>;
export type ChatRouteRow = Selectable<RouteTable>;
export type ChatThreadRow = Selectable<ThreadTable>;

export function createChatStore(db: DexterDb, now: () => number) {
  const tables = db.withTables<{
    chat_connections: ConnectionTable;
    chat_routes: RouteTable;
    chat_threads: ThreadTable;
    chat_mirrored: MirroredTable;
  }>();

  return {
    async addConnection(fields: Omit<ConnectionTable, 'id' | 'created_at'>): Promise<ChatConnectionRow> {
      return tables
        .insertInto('chat_connections')
        .values({ ...fields, created_at: now() })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    connections: (org: string) =>
      tables.selectFrom('chat_connections').selectAll().where('org', '=', org).orderBy('id').execute(),
    connection: (id: number) =>
      tables.selectFrom('chat_connections').selectAll().where('id', '=', id).executeTakeFirst(),
    async deleteConnection(org: string, id: number): Promise<boolean> {
      await tables.deleteFrom('chat_routes').where('connection_id', '=', id).execute();
      await tables.deleteFrom('chat_threads').where('connection_id', '=', id).execute();
      await tables.deleteFrom('chat_mirrored').where('connection_id', '=', id).execute();
      const result = await tables
        .deleteFrom('chat_connections')
        .where('org', '=', org)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async addRoute(fields: Omit<Insertable<RouteTable>, 'id' | 'created_at'>): Promise<ChatRouteRow> {
      return tables
        .insertInto('chat_routes')
        .values({ ...fields, created_at: now() })
        .onConflict((oc) =>
          oc.columns(['org', 'project', 'team', 'alert_rule', 'connection_id', 'channel']).doUpdateSet({
            quiet_tz: fields.quiet_tz,
            quiet_start: fields.quiet_start,
            quiet_end: fields.quiet_end,
            digest: fields.digest ?? 'off',
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    route: (id: number) =>
      tables.selectFrom('chat_routes').selectAll().where('id', '=', id).executeTakeFirst(),
    /** Routes that match any of these: the issue's project, its team, the alert rule that fired. */
    async routesMatching(
      org: string,
      match: { project?: string | null; team?: string | null; alertRule?: string | null },
    ): Promise<ChatRouteRow[]> {
      const wanted = [
        ['project', match.project],
        ['team', match.team],
        ['alert_rule', match.alertRule],
      ] as const;
      const given = wanted.filter((pair): pair is readonly [(typeof pair)[0], string] => Boolean(pair[1]));
      if (given.length === 0) return [];
      return tables
        .selectFrom('chat_routes')
        .selectAll()
        .where('org', '=', org)
        .where((eb) => eb.or(given.map(([column, value]) => eb(column, '=', value))))
        .orderBy('id')
        .execute();
    },
    routes: (org: string) =>
      tables.selectFrom('chat_routes').selectAll().where('org', '=', org).orderBy('id').execute(),
    async deleteRoute(org: string, id: number): Promise<boolean> {
      const result = await tables
        .deleteFrom('chat_routes')
        .where('org', '=', org)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    thread: (connectionId: number, channel: string, org: string, issueId: string) =>
      tables
        .selectFrom('chat_threads')
        .selectAll()
        .where('connection_id', '=', connectionId)
        .where('channel', '=', channel)
        .where('org', '=', org)
        .where('issue_id', '=', issueId)
        .executeTakeFirst(),
    threadsOf: (org: string, issueId: string) =>
      tables
        .selectFrom('chat_threads')
        .selectAll()
        .where('org', '=', org)
        .where('issue_id', '=', issueId)
        .execute(),
    threadByTs: (connectionId: number, channelId: string, threadTs: string) =>
      tables
        .selectFrom('chat_threads')
        .selectAll()
        .where('connection_id', '=', connectionId)
        .where('channel_id', '=', channelId)
        .where('thread_ts', '=', threadTs)
        .executeTakeFirst(),
    /** Threads touched since `since`, newest first: the ones whose comments are mirrored. */
    activeThreads: (since: number, limit: number) =>
      tables
        .selectFrom('chat_threads')
        .selectAll()
        .where('updated_at', '>=', since)
        .orderBy('updated_at', 'desc')
        .limit(limit)
        .execute(),
    async saveThread(fields: Omit<ThreadTable, 'created_at' | 'updated_at'>): Promise<void> {
      const at = now();
      await tables
        .insertInto('chat_threads')
        .values({ ...fields, created_at: at, updated_at: at })
        .onConflict((oc) =>
          oc
            .columns(['connection_id', 'channel', 'org', 'issue_id'])
            .doUpdateSet({ updated_at: at, last_status: fields.last_status }),
        )
        .execute();
    },

    async markMirrored(fields: Omit<MirroredTable, 'created_at'>): Promise<boolean> {
      const result = await tables
        .insertInto('chat_mirrored')
        .values({ ...fields, created_at: now() })
        .onConflict((oc) => oc.columns(['connection_id', 'org', 'issue_id', 'note_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    mirroredNotes: async (connectionId: number, org: string, issueId: string) =>
      new Set(
        (
          await tables
            .selectFrom('chat_mirrored')
            .select('note_id')
            .where('connection_id', '=', connectionId)
            .where('org', '=', org)
            .where('issue_id', '=', issueId)
            .execute()
        ).map((row) => row.note_id),
      ),
    isMirroredMessage: async (connectionId: number, messageTs: string) =>
      (await tables
        .selectFrom('chat_mirrored')
        .select('note_id')
        .where('connection_id', '=', connectionId)
        .where('message_ts', '=', messageTs)
        .executeTakeFirst()) !== undefined,
  };
}

export type ChatStore = ReturnType<typeof createChatStore>;
