/**
 * Time to first rows: from navigation start (the page's `performance.timeOrigin`) to the first
 * issue row in the DOM and to the next animation frame after it (the frame that paints it),
 * for a signed-in user opening the stream at `/{org}/issues` (all projects, unresolved, last seen).
 *
 * - the first run is cold everywhere: a browser that never saw Dexter, and a Dexter that just
 *   started (empty upstream cache, nothing warmed);
 * - "warm" runs reload the page in the same browser (HTTP cache on); Dexter's list answer may come
 *   from its cache (15 s TTL for lists);
 * - "no browser cache" runs disable the browser cache first, as a first visit to a warm server.
 *
 * Also, for reference, the API alone: the first page of several lists nobody asked for yet (each
 * project's stream and the all-projects stream by first seen), cold in Dexter's upstream cache.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { artifactsDir } from '../../e2e/support/browser';
import type { TriageBrowser } from './triage-browser';
import type { TriageDexter } from './triage-dexter';

/** Where the first load's time went: what the page fetched, from navigation start (ms). */
export interface LoadStep {
  what: string;
  startMs: number;
  endMs: number;
}

export interface FirstRowsResult {
  firstMs: number;
  firstPaintMs: number;
  firstLoadSteps: LoadStep[];
  warmMs: number[];
  noCacheMs: number[];
  apiColdMs: Array<{ list: string; ms: number; rows: number }>;
}

// Plain JavaScript: it runs in the page before the app's scripts.
const RECORD_FIRST_ROW = `
  new MutationObserver((_changes, observer) => {
    if (!document.querySelector('[data-testid="issue-row"]')) return;
    observer.disconnect();
    window.__firstRowMs = performance.now();
    requestAnimationFrame(() => { window.__firstRowFrameMs = performance.now(); });
  }).observe(document, { childList: true, subtree: true });
`;

/** The document, scripts, styles and API calls of the load, in order of their start. */
function loadSteps(page: Page): Promise<LoadStep[]> {
  return page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const steps = resources
      .filter((entry) => /\/api\/|\.js$|\.css$/.test(new URL(entry.name).pathname))
      .map((entry) => {
        const url = new URL(entry.name);
        return {
          what: `${url.pathname}${url.search}`.slice(0, 90),
          startMs: entry.startTime,
          endMs: entry.responseEnd,
        };
      });
    const document = navigation
      ? [{ what: 'document', startMs: navigation.startTime, endMs: navigation.responseEnd }]
      : [];
    return [...document, ...steps].sort((a, b) => a.startMs - b.startMs);
  });
}

async function openStream(page: Page, url: string): Promise<{ inDom: number; painted: number }> {
  await page.goto(url);
  await page.waitForFunction(
    () => (window as { __firstRowFrameMs?: number }).__firstRowFrameMs !== undefined,
    null,
    {
      timeout: 60_000,
    },
  );
  return page.evaluate(() => {
    const w = window as { __firstRowMs?: number; __firstRowFrameMs?: number };
    return { inDom: w.__firstRowMs ?? Number.NaN, painted: w.__firstRowFrameMs ?? Number.NaN };
  });
}

const IssueListPageSchema = z.object({ issues: z.array(z.unknown()) });

export async function measureFirstRows(
  dexter: TriageDexter,
  browser: TriageBrowser,
  options: { repeats: number; projectIds: string[] },
): Promise<FirstRowsResult> {
  const streamUrl = `${dexter.url}/${encodeURIComponent(dexter.org)}/issues`;
  await browser.context.addInitScript(RECORD_FIRST_ROW);
  const page = await browser.newPage();
  const first = await openStream(page, streamUrl);
  const firstLoadSteps = await loadSteps(page);
  // What the first load showed, to look at (test-artifacts/ is ignored by git).
  await page.screenshot({ path: join(artifactsDir, 'triage-first-load.png') });

  const warmMs: number[] = [];
  for (let i = 0; i < options.repeats; i++) warmMs.push((await openStream(page, streamUrl)).painted);

  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const noCacheMs: number[] = [];
  for (let i = 0; i < options.repeats; i++) noCacheMs.push((await openStream(page, streamUrl)).painted);
  await cdp.detach();
  await page.close();

  const lists = [
    ...options.projectIds.map((id) => ({ list: `project ${id}`, query: `project=${id}` })),
    { list: 'all projects by first seen', query: 'sort=new' },
  ];
  const apiColdMs: FirstRowsResult['apiColdMs'] = [];
  for (const { list, query } of lists) {
    const started = performance.now();
    const page = await dexter.api(
      `/api/v1/organizations/${encodeURIComponent(dexter.org)}/issues?query=is%3Aunresolved&limit=50&${query}`,
      IssueListPageSchema,
    );
    apiColdMs.push({ list, ms: performance.now() - started, rows: page.issues.length });
  }
  return { firstMs: first.inDom, firstPaintMs: first.painted, firstLoadSteps, warmMs, noCacheMs, apiColdMs };
}
