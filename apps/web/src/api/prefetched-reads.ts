/**
 * Reads the inline boot script started before the app loaded (`app/boot-requests.ts`), handed out
 * once each by their exact path: the first `apiGet` of that path gets the response already in
 * flight; later ones, and every path not prefetched, go to the network as usual.
 */
import type { BootRequests } from '../app/boot-requests';

declare global {
  interface Window {
    __dexterBoot?: BootRequests;
  }
}

const started = (): BootRequests | undefined =>
  typeof window === 'undefined' ? undefined : window.__dexterBoot;

/** The response started for `path`, at most once; null when there is none (left). */
export function takePrefetchedRead(path: string): Promise<Response> | null {
  const reads = started()?.reads;
  const read = reads?.[path];
  if (!reads || !read) return null;
  delete reads[path];
  return read;
}

/** The boot read's path when the inline script started one (someone is signed in), else null. */
export const prefetchedBootPath = (): string | null => started()?.bootPath ?? null;
