/**
 * Release list load in the browser: from the click on Releases in the header to the first release
 * row in the DOM and the animation frame after it (the one that paints it), for a signed-in user
 * with 500 releases in the store. Each navigation runs in a fresh tab that has just opened the
 * issue stream, so the app holds no releases yet and fetches the list (and the page's code chunk,
 * from the HTTP cache) as a user's first visit to Releases in a session does. The first navigation
 * after Dexter started is reported apart (cold upstream cache, chunk not yet cached). Full reloads
 * of `/{org}/releases` with the browser cache disabled are reported for reference.
 */
import type { Page } from 'playwright-core';
import type { TriageBrowser } from '../triage/triage-browser';

/** A request made after the click, in ms from the click. */
export interface NavigationStep {
  what: string;
  startMs: number;
  endMs: number;
}

export interface ReleaseListLoad {
  coldNavigateMs: number;
  /** What the last navigation fetched until its first row was painted: where the time went. */
  lastNavigationSteps: NavigationStep[];
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

async function navigateOnce(
  browser: TriageBrowser,
  issuesUrl: string,
): Promise<{ ms: number; steps: NavigationStep[] }> {
  const page = await browser.newPage();
  await page.goto(issuesUrl);
  await page.getByTestId('nav-releases').waitFor();
  await page.evaluate(WATCH_FIRST_ROW);
  const clickedAt = await page.evaluate(() => performance.now());
  await page.getByTestId('nav-releases').click();
  await painted(page);
  const paintedAt = await page.evaluate(
    () => (window as { __releaseRowPainted?: number }).__releaseRowPainted!,
  );
  const steps = await page.evaluate(
    ({ from, to }) =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((entry) => entry.startTime >= from && entry.startTime <= to)
        .map((entry) => {
          const url = new URL(entry.name);
          return {
            what: `${url.pathname}${url.search}`.slice(0, 100),
            startMs: Math.round(entry.startTime - from),
            endMs: Math.round(entry.responseEnd - from),
          };
        }),
    { from: clickedAt, to: paintedAt },
  );
  await page.close();
  return { ms: paintedAt - clickedAt, steps };
}

export async function measureReleaseList(
  browser: TriageBrowser,
  options: { url: string; org: string; repeats: number },
): Promise<ReleaseListLoad> {
  const org = encodeURIComponent(options.org);
  const issuesUrl = `${options.url}/${org}/issues`;
  const coldNavigateMs = (await navigateOnce(browser, issuesUrl)).ms;
  const navigateMs: number[] = [];
  let lastNavigationSteps: NavigationStep[] = [];
  for (let i = 0; i < options.repeats; i++) {
    const run = await navigateOnce(browser, issuesUrl);
    navigateMs.push(run.ms);
    lastNavigationSteps = run.steps;
  }

  const page = await browser.newPage();
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
  return { coldNavigateMs, lastNavigationSteps, navigateMs, reloadMs, rows };
}
