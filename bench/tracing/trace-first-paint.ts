/**
 * The trace view of a large trace in the browser: a signed-in tab (the app's code in the HTTP
 * cache from a first visit) opens `/{org}/traces/{id}`; the figure is the time from the
 * navigation's start to the animation frame after the first waterfall row is in the DOM (the
 * frame that paints it). Each trace is opened once, so Dexter's upstream cache never holds it:
 * every load reads the whole trace from the store.
 */
import type { TriageBrowser } from '../triage/triage-browser';

const WATCH_FIRST_ROW = `(() => {
  window.__spanRowPainted = undefined;
  new MutationObserver((_changes, observer) => {
    if (!document.querySelector('[role="treeitem"]')) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.__spanRowPainted = performance.now(); });
  }).observe(document, { childList: true, subtree: true });
})()`;

export interface TraceViewLoad {
  /** ms from navigation start to the first painted row, one per trace. */
  firstPaintMs: number[];
  /** Rows in the DOM once painted (virtualized: a screenful, not the trace). */
  rowsInDom: number;
  /** Bytes of the trace answer (as sent, compressed when the server compressed it). */
  responseBytes: number;
  /** Dexter's CPU time during each load (its route, the upstream call and the store's answer). */
  serverCpuMs: number[];
}

export async function measureTraceView(
  browser: TriageBrowser,
  options: {
    url: string;
    org: string;
    warmTraceId: string;
    traceIds: readonly string[];
    cpuSeconds: () => number;
  },
): Promise<TraceViewLoad> {
  const org = encodeURIComponent(options.org);
  const page = await browser.newPage();
  await browser.context.addInitScript(WATCH_FIRST_ROW);
  // First visit: the app's code and the trace page's chunk into the HTTP cache.
  await page.goto(`${options.url}/${org}/traces/${options.warmTraceId}`);
  await page.waitForFunction(() => (window as { __spanRowPainted?: number }).__spanRowPainted, null, {
    timeout: 60_000,
  });
  const firstPaintMs: number[] = [];
  let responseBytes = 0;
  const serverCpuMs: number[] = [];
  for (const traceId of options.traceIds) {
    const cpuBefore = options.cpuSeconds();
    await page.goto(`${options.url}/${org}/traces/${traceId}`);
    await page.waitForFunction(() => (window as { __spanRowPainted?: number }).__spanRowPainted, null, {
      timeout: 60_000,
    });
    firstPaintMs.push(await page.evaluate(() => (window as { __spanRowPainted?: number }).__spanRowPainted!));
    serverCpuMs.push((options.cpuSeconds() - cpuBefore) * 1000);
    responseBytes = await page.evaluate(
      (id) =>
        (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((entry) =>
          entry.name.includes(`/traces/${id}`),
        )?.transferSize ?? 0,
      traceId,
    );
  }
  const rowsInDom = await page.locator('[role="treeitem"]').count();
  await page.close();
  return { firstPaintMs, rowsInDom, responseBytes, serverCpuMs };
}
