/**
 * Scroll smoothness of the stream: the virtualized list scrolled continuously, as a mouse wheel
 * does it (CDP `Input.synthesizeScrollGesture`: real input events, scrolled by the compositor,
 * the app re-rendering rows on the main thread), at a steady speed for a number of seconds, while
 * the list loads further pages through cursors as it nears the end of what it has.
 *
 * Frame times come from a Chrome trace (`frame-timing.ts`); as a cross-check the page records its
 * own requestAnimationFrame intervals. Also reported: how far the list got, how many pages it
 * loaded during the gesture and how long those page fetches took in the browser.
 */
import { type FrameStats, frameStatsFromTrace, mainThreadBreakdown } from './frame-timing';
import { type Spread, spreadOf } from './stats';
import { type TriageBrowser, traced } from './triage-browser';
import type { TriageDexter } from './triage-dexter';

export interface ScrollResult {
  trace: FrameStats;
  mainThread: ReturnType<typeof mainThreadBreakdown>;
  /** requestAnimationFrame intervals in the page, the cross-check. */
  rafMs: Spread;
  /** Rows the list moved by during the gesture. */
  rowsScrolled: number;
  /** Index of the deepest row on screen at the end. */
  lastRow: number;
  /** List pages fetched during the gesture, and how long each took in the browser. */
  pagesLoaded: number;
  pageFetchMs: Spread;
  /** Matching issues as the stream reports them. */
  streamTotal: string;
}

const START = 'triage-scroll-start';
const END = 'triage-scroll-end';

export async function measureScroll(
  dexter: TriageDexter,
  browser: TriageBrowser,
  options: { seconds: number; pixelsPerSecond: number },
): Promise<ScrollResult> {
  const page = await browser.newPage();
  await page.goto(`${dexter.url}/${encodeURIComponent(dexter.org)}/issues`);
  await page.locator('[data-testid="issue-row"]').first().waitFor();
  // The list needs a moment after its first rows: the count and sparklines arrive, fonts settle.
  await page.waitForLoadState('networkidle');
  const scroller = page.locator('table[aria-rowcount]').locator('xpath=..');
  const box = await scroller.boundingBox();
  if (!box) throw new Error('the stream has no scroll area');
  const rowsBefore = await page
    .locator('[data-testid="issue-row"]')
    .evaluateAll((rows) => rows.length > 0 && Number((rows.at(-1) as HTMLElement).dataset.index));

  const { result, events } = await traced(browser.context, page, async () => {
    await page.evaluate((label) => {
      const w = window as { __rafDeltas?: number[]; __rafStop?: boolean };
      w.__rafDeltas = [];
      w.__rafStop = false;
      let last = performance.now();
      const tick = (at: number) => {
        w.__rafDeltas?.push(at - last);
        last = at;
        if (!w.__rafStop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      performance.clearResourceTimings();
      console.timeStamp(label);
    }, START);
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Input.synthesizeScrollGesture', {
      x: Math.round(box.x + box.width / 2),
      y: Math.round(box.y + box.height / 2),
      yDistance: -Math.round(options.seconds * options.pixelsPerSecond),
      speed: options.pixelsPerSecond,
      gestureSourceType: 'mouse',
      preventFling: true,
    });
    await cdp.detach();
    return page.evaluate((label) => {
      console.timeStamp(label);
      const w = window as { __rafDeltas?: number[]; __rafStop?: boolean };
      w.__rafStop = true;
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="issue-row"]')];
      const fetches = performance
        .getEntriesByType('resource')
        .filter((entry) => /\/api\/v1\/organizations\/[^/]+\/issues\?/.test(entry.name))
        .map((entry) => entry.duration);
      return {
        rafDeltas: (w.__rafDeltas ?? []).slice(1),
        lastRow: Math.max(...rows.map((row) => Number(row.dataset.index))),
        fetches,
        total: document.querySelector('[data-testid="issue-count"]')?.textContent ?? '',
      };
    }, END);
  });
  await page.close();

  return {
    trace: frameStatsFromTrace(events, START, END),
    mainThread: mainThreadBreakdown(events, START, END),
    rafMs: spreadOf(result.rafDeltas),
    rowsScrolled: result.lastRow - Number(rowsBefore),
    lastRow: result.lastRow,
    pagesLoaded: result.fetches.length,
    pageFetchMs: spreadOf(result.fetches),
    streamTotal: result.total,
  };
}
