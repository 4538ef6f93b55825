/**
 * Comments made in Dexter (or in Sentry) on an issue with a Slack thread are posted into the
 * thread. No change type tells of a new comment yet, so the threads touched in the last week are
 * looked at on an interval (background work, a bounded number of threads per pass); each comment
 * is posted once (`chat_mirrored`), comments that came from the thread are never posted back, and
 * comments older than the thread are not replayed into it.
 */
import type { ChatConnections } from './chat-connections';
import type { ChatIssuePort } from './chat-issue-port';
import type { ChatStore } from './chat-store';

export const MIRROR_WINDOW_MS = 7 * 86_400_000;
export const MIRROR_MAX_THREADS = 50;

export interface CommentMirrorDeps {
  store: ChatStore;
  connections: ChatConnections;
  issues: Pick<ChatIssuePort, 'comments'>;
  now: () => number;
}

export function createCommentMirror({ store, connections, issues, now }: CommentMirrorDeps) {
  /** One pass; resolves with the number of comments posted. */
  async function sync(): Promise<number> {
    let posted = 0;
    for (const thread of await store.activeThreads(now() - MIRROR_WINDOW_MS, MIRROR_MAX_THREADS)) {
      const connection = await store.connection(thread.connection_id);
      const slack = connection ? await connections.slackOf(connection) : null;
      if (!slack) continue;
      const comments = await issues.comments(thread.org, thread.issue_id);
      const mirrored = await store.mirroredNotes(thread.connection_id, thread.org, thread.issue_id);
      const fresh = comments
        .filter((comment) => !mirrored.has(comment.id))
        .filter(
          (comment) => comment.dateCreated && Date.parse(comment.dateCreated) >= Number(thread.created_at),
        )
        .reverse();
      for (const comment of fresh) {
        const author = comment.author ?? 'Someone';
        const answer = await slack.chat.postMessage({
          channel: thread.channel_id,
          thread_ts: thread.thread_ts,
          text: `*${author}* commented in Dexter:\n${comment.text}`,
          unfurl_links: false,
        });
        await store.markMirrored({
          connection_id: thread.connection_id,
          org: thread.org,
          issue_id: thread.issue_id,
          note_id: comment.id,
          message_ts: answer.ts ?? `unknown-${comment.id}`,
          direction: 'to_chat',
        });
        posted++;
      }
    }
    return posted;
  }
  return { sync };
}
