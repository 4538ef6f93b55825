/**
 * The `/dexter` slash command. Slack posts it form-encoded, signed like interactivity (verified
 * over the raw body before parsing); Dexter answers within Slack's 3 seconds with an ephemeral
 * Block Kit message only the caller sees:
 * - `search <query>`: the first issues matching Dexter's search syntax;
 * - `show <SHORT-ID>`: one issue as Dexter posts it, with its buttons;
 * - `mine`: unresolved issues assigned to the caller's Dexter user (mapped by e-mail).
 * Anything else gets the usage text, naming what was wrong.
 */
import type { Issue } from '@dexter/contracts';
import { DexterError } from '../../errors/error-codes';
import { type ChatIssue, chatIssueOf } from './chat-issue';
import type { ChatIssuePort } from './chat-issue-port';
import { issueBlocks } from './slack-blocks';
import type { SlackHeaders, SlackRequests } from './slack-requests';

/** Issues listed by `search` and `mine`. */
export const COMMAND_LIMIT = 10;
const SHORT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}-[A-Za-z0-9]{1,12}$/;

export const COMMAND_USAGE = [
  '*/dexter* commands:',
  '• `/dexter search <query>`: issues matching a search (e.g. `is:unresolved level:error checkout`)',
  '• `/dexter show <SHORT-ID>`: one issue, with its buttons (e.g. `/dexter show WEB-12`)',
  '• `/dexter mine`: unresolved issues assigned to you',
].join('\n');

export interface SlackCommandAnswer {
  response_type: 'ephemeral';
  text: string;
  blocks?: object[];
}

const escapeMrkdwn = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function usage(problem: string | null): SlackCommandAnswer {
  const text = problem ? `${problem}\n\n${COMMAND_USAGE}` : COMMAND_USAGE;
  return { response_type: 'ephemeral', text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

function issueList(title: string, issues: ChatIssue[]): SlackCommandAnswer {
  const lines = issues.map((issue) => ({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: `<${issue.url}|*${escapeMrkdwn(issue.shortId)}* ${escapeMrkdwn(issue.title.slice(0, 200))}>\n${issue.count.toLocaleString('en-US')} events · ${issue.userCount.toLocaleString('en-US')} users · ${issue.status} · ${escapeMrkdwn(issue.project)}`,
    },
  }));
  return {
    response_type: 'ephemeral',
    text: `${title}: ${issues.length === 0 ? 'none' : issues.map((issue) => issue.shortId).join(', ')}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(title)}*` } },
      ...(lines.length > 0
        ? lines
        : [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'No issues.' }] }]),
    ],
  };
}

export function createSlackCommands(deps: {
  requests: SlackRequests;
  issues: Pick<ChatIssuePort, 'search'>;
  publicUrl: () => string;
}) {
  const { requests, issues, publicUrl } = deps;
  const toChat = (org: string, found: Issue[]) => found.map((issue) => chatIssueOf(org, issue, publicUrl()));

  return {
    async command(connectionId: string, headers: SlackHeaders, raw: Buffer): Promise<SlackCommandAnswer> {
      const form = new URLSearchParams(raw.toString('utf8'));
      // Slack checks the URL's certificate with an unsigned `ssl_check=1` post; it does nothing here.
      if (form.get('ssl_check') === '1' && headers['x-slack-signature'] === undefined)
        return { response_type: 'ephemeral', text: '' };
      const { row, slack } = await requests.verified(connectionId, headers, raw);
      const userId = form.get('user_id');
      if (!userId) throw new DexterError('DEXTER_ERR_VALIDATION', 'user_id: missing from the slash command');
      const text = (form.get('text') ?? '').trim().replace(/\s+/g, ' ');
      const [verb = '', ...rest] = text.split(' ');
      const argument = rest.join(' ').slice(0, 500);
      switch (verb.toLowerCase()) {
        case 'search': {
          if (!argument) return usage('`search` needs words to look for.');
          const found = await issues.search(row.org, argument, COMMAND_LIMIT);
          return issueList(`Issues matching "${argument}"`, toChat(row.org, found));
        }
        case 'show': {
          if (!SHORT_ID.test(argument))
            return usage(
              `\`show\` needs an issue's short id such as WEB-12${argument ? `, not "${argument}"` : ''}.`,
            );
          const found = await issues.search(row.org, `issue:${argument}`, 5);
          const issue = found.find((one) => one.shortId.toLowerCase() === argument.toLowerCase());
          if (!issue) return usage(`No issue ${argument.toUpperCase()} in ${row.org}.`);
          const chat = chatIssueOf(row.org, issue, publicUrl());
          return {
            response_type: 'ephemeral',
            text: `[${chat.shortId}] ${chat.title}: ${chat.url}`,
            blocks: issueBlocks(chat, 'asked for with /dexter show'),
          };
        }
        case 'mine': {
          const who = await requests.dexterUserOf(slack, userId);
          if (!who.user?.email)
            return usage(
              `No Dexter user has the e-mail of your Slack profile (${who.email ?? 'none'}); ask an admin to add it.`,
            );
          const found = await issues.search(
            row.org,
            `is:unresolved assigned:${who.user.email}`,
            COMMAND_LIMIT,
          );
          return issueList(`Unresolved issues assigned to ${who.user.displayName}`, toChat(row.org, found));
        }
        default:
          return usage(verb ? `Unknown command "${verb}".` : null);
      }
    },
  };
}

export type SlackCommands = ReturnType<typeof createSlackCommands>;
