/**
 * Detail open: how long an issue takes to open.
 *
 * - API: the context facade (`GET /api/v1/organizations/{org}/issues/{id}/context`, every part
 *   of the detail page in one parallel fetch) for distinct issues spread over the whole store,
 *   each cold in Dexter's upstream cache, one after the other, every part required to succeed;
 * - browser: in the stream, a click on a row to the stack trace on screen (the app's own route
 *   change and fetches), then back to the stream, for the first rows in turn.
 */
import { IssueContextSchema } from '@dexter/contracts';
import type { TriageBrowser } from './triage-browser';
import type { TriageDexter } from './triage-dexter';

export interface DetailOpenResult {
  apiMs: number[];
  browserMs: number[];
}

export async function measureDetailOpen(
  dexter: TriageDexter,
  browser: TriageBrowser,
  options: { apiIssueIds: string[]; browserOpens: number },
): Promise<DetailOpenResult> {
  const org = encodeURIComponent(dexter.org);
  const apiMs: number[] = [];
  for (const id of options.apiIssueIds) {
    const started = performance.now();
    const context = await dexter.api(`/api/v1/organizations/${org}/issues/${id}/context`, IssueContextSchema);
    apiMs.push(performance.now() - started);
    // A part that failed would make a fast but incomplete detail page.
    const failed = Object.entries(context).filter(([, part]) => !part.ok);
    if (failed.length > 0) throw new Error(`context of issue ${id}: parts failed: ${JSON.stringify(failed)}`);
  }

  const page = await browser.newPage();
  await page.goto(`${dexter.url}/${org}/issues`);
  const browserMs: number[] = [];
  for (let index = 0; index < options.browserOpens; index++) {
    const row = page.locator(`[data-testid="issue-row"][data-index="${index}"]`);
    await row.waitFor();
    const ms = await row.evaluate(async (element) => {
      const started = performance.now();
      (element as HTMLElement).click();
      // Polled once per frame: the stack trace counts as open in the frame that shows it.
      while (!document.querySelector('[data-testid="stack-trace"] [data-testid="exception"]')) {
        if (performance.now() - started > 30_000) throw new Error('the stack trace did not show in 30 s');
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      return performance.now() - started;
    });
    browserMs.push(ms);
    await page.goBack();
  }
  await page.close();
  return { apiMs, browserMs };
}
