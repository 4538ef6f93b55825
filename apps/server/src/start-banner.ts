/**
 * What `main.ts` prints once Dexter is ready: where it runs, how to sign in, the built-in store's
 * DSNs (`store-banner.ts`), in one framed block printed after every start-up log line, so it stands
 * apart and stays on screen: request lines are logged at debug (`plugins/request-log.ts`), not
 * after it. The first line keeps the form tests and benches wait for: "Dexter is running at <url>".
 */
import type { Bootstrap } from '@dexter/store';
import { storeBanner } from './store-banner';

export interface StartFacts {
  url: string;
  dataDir: string;
  /** The first-run admin while the one-time password is unchanged (password null on later starts). */
  admin: { username: string; password: string | null } | null;
  store: (Bootstrap & { created: boolean }) | null;
  /** The demo's history is being written in the background. */
  demoSeeding: boolean;
  logLevel: string;
}

const RULE = '─'.repeat(72);

export function startBanner(facts: StartFacts): string {
  const lines = [`Dexter is running at ${facts.url}`, ''];
  if (facts.admin?.password) {
    lines.push(
      `Sign in as "${facts.admin.username}" with the one-time password ${facts.admin.password}`,
      `  (also in ${facts.dataDir}/bootstrap.json); you will be asked to choose a new one.`,
      '',
    );
  } else if (facts.admin) {
    lines.push(
      `The "${facts.admin.username}" account still has its one-time password; see bootstrap.json.`,
      '',
    );
  }
  if (facts.store) lines.push(...storeBanner(facts.store, facts.dataDir).trim().split('\n'), '');
  if (facts.demoSeeding)
    lines.push('Demo data: two weeks of history are being written; the stream fills in shortly.');
  if (facts.logLevel !== 'debug' && facts.logLevel !== 'trace') {
    lines.push('Request lines are logged at debug: LOG_LEVEL=debug shows them.');
  }
  while (lines.at(-1) === '') lines.pop();
  return `\n${RULE}\n${lines.map((line) => (line ? `  ${line}` : '')).join('\n')}\n${RULE}\n\n`;
}
