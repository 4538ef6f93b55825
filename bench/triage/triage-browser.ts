/**
 * Chromium for the triage bench: Debian's build through playwright-core (`e2e/support/browser.ts`),
 * signed in by handing it the session cookies the bench got from the API, and a Chrome trace
 * recorder over CDP.
 *
 * Functions passed to `page.evaluate` are serialized from this file's compiled source; tsx's
 * esbuild wraps named inner functions in a `__name(...)` helper that exists only in Node, so
 * every page gets an identity `__name` first.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../../e2e/support/browser';
import type { TraceEvent } from './frame-timing';
import type { TriageDexter } from './triage-dexter';

export interface TriageBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function openSignedInBrowser(
  dexter: Pick<TriageDexter, 'url' | 'cookies'>,
): Promise<TriageBrowser> {
  const browser = await launchBrowser();
  await browser.context.addInitScript('globalThis.__name = (fn) => fn;');
  await browser.context.addCookies(dexter.cookies.map((cookie) => ({ ...cookie, url: dexter.url })));
  return {
    context: browser.context,
    newPage: () => browser.context.newPage(),
    close: () => browser.close(),
  };
}

const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'benchmark',
];

/** Runs `work` while Chrome traces frames and main-thread tasks; returns the trace's events. */
export async function traced<T>(
  context: BrowserContext,
  page: Page,
  work: () => Promise<T>,
): Promise<{ result: T; events: TraceEvent[] }> {
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: TRACE_CATEGORIES },
    transferMode: 'ReportEvents',
  });
  try {
    const result = await work();
    return { result, events };
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
  }
}
