/**
 * Release list load in the browser: from the start of a navigation to the first release row in the
 * DOM and the animation frame after it (the one that paints it), for a signed-in user with 500
 * releases in the store. Two ways a user gets there:
 * - "navigate": a click on Releases in the header of the already open app (the common path);
 * - "reload": a full page load of `/{org}/releases` with the browser cache disabled (a first visit
 *   to a warm server: bundles, session and organization requests included).
 * The first navigation after Dexter started is reported apart (cold upstream cache).
 */
import type { Page } from 'playwright-core';
import type { TriageBrowser } from '../triage/triage-browser';

export interface ReleaseListLoad {
  coldNavigateMs: number;
  navigateMs: number[];
  reloadMs: number[];
  rows: number;
}

// Plain JavaScript, run in the page: marks the first release row and the frame that paints it.
const WATCH_FIRST_ROW = `(() => {
  window.__releaseRow = undefined;
  window.__releaseRowPainted = undefined;
  new MutationObserver((_changes, observer) => {
    if (!document.querySelector('[data-testid="release-row"]')) return;
    observer.disconnect();
    window.__releaseRow = performance.now();
    requestAnimationFrame(() => { window.__releaseRowPainted = performance.now(); });
  }).observe(document, { childList: true, subtree: true });
})()`;

const painted = (page: Page) =>
  page.waitForFunction(() => (window as { __releaseRowPainted?: number }).__releaseRowPainted, null, {
    timeout: 60_000,
  });

async function navigateOnce(page: Page, issuesUrl: string): Promise<number> {
  if (!page.url().endsWith('/issues')) {
    await page.goto(issuesUrl);
    await page.getByTestId('nav-releases').waitFor();
  }
  await page.evaluate(WATCH_FIRST_ROW);
  const clickedAt = await page.evaluate(() => performance.now());
  await page.getByTestId('nav-releases').click();
  await painted(page);
  const paintedAt = await page.evaluate(
    () => (window as { __releaseRowPainted?: number }).__releaseRowPainted!,
  );
  await page.goBack();
  await page.waitForURL(/\/issues$/);
  return paintedAt - clickedAt;
}

export async function measureReleaseList(
  browser: TriageBrowser,
  options: { url: string; org: string; repeats: number },
): Promise<ReleaseListLoad> {
  const org = encodeURIComponent(options.org);
  const issuesUrl = `${options.url}/${org}/issues`;
  const page = await browser.newPage();
  const coldNavigateMs = await navigateOnce(page, issuesUrl);
  const navigateMs: number[] = [];
  for (let i = 0; i < options.repeats; i++) navigateMs.push(await navigateOnce(page, issuesUrl));

  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await browser.context.addInitScript(WATCH_FIRST_ROW);
  const reloadMs: number[] = [];
  for (let i = 0; i < options.repeats; i++) {
    await page.goto(`${options.url}/${org}/releases`);
    await painted(page);
    reloadMs.push(
      await page.evaluate(() => (window as { __releaseRowPainted?: number }).__releaseRowPainted!),
    );
  }
  const rows = await page.getByTestId('release-row').count();
  await cdp.detach();
  await page.close();
  return { coldNavigateMs, navigateMs, reloadMs, rows };
}
