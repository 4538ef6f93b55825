/**
 * Slack and Microsoft Teams (features/chat): connections, routes (project → channel), one thread
 * per issue per channel, and the messages and comments already mirrored between a thread and an
 * issue (so nothing is mirrored twice and nothing echoes). A Slack connection's bot token and
 * signing secret, and a Teams webhook URL, are not here: the secrets service seals them as
 * `chat-<id>-token`, `chat-<id>-signing` and `chat-<id>-webhook`.
 */
import type { Kysely, Migration } from 'kysely';

export const chatMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('chat_connections')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('api_url', 'text')
      .addColumn('bot_user_id', 'text')
      .addColumn('bot_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('chat_connections_org').on('chat_connections').column('org').execute();
    await db.schema
      .createTable('chat_routes')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('connection_id', 'integer', (c) =>
        c.notNull().references('chat_connections.id').onDelete('cascade'),
      )
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('chat_routes_project')
      .on('chat_routes')
      .columns(['org', 'project', 'connection_id', 'channel'])
      .unique()
      .execute();
    await db.schema
      .createTable('chat_threads')
      .addColumn('connection_id', 'integer', (c) =>
        c.notNull().references('chat_connections.id').onDelete('cascade'),
      )
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('issue_id', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('thread_ts', 'text', (c) => c.notNull())
      .addColumn('last_status', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('chat_threads_pk', ['connection_id', 'channel', 'org', 'issue_id'])
      .execute();
    await db.schema
      .createIndex('chat_threads_ts')
      .on('chat_threads')
      .columns(['connection_id', 'channel_id', 'thread_ts'])
      .execute();
    await db.schema
      .createTable('chat_mirrored')
      .addColumn('connection_id', 'integer', (c) =>
        c.notNull().references('chat_connections.id').onDelete('cascade'),
      )
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('issue_id', 'text', (c) => c.notNull())
      .addColumn('note_id', 'text', (c) => c.notNull())
      .addColumn('message_ts', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('chat_mirrored_pk', ['connection_id', 'org', 'issue_id', 'note_id'])
      .execute();
    await db.schema
      .createIndex('chat_mirrored_ts')
      .on('chat_mirrored')
      .columns(['connection_id', 'message_ts'])
      .execute();
  },
};
