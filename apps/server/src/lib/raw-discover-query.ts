/**
 * A raw Discover query (the query string of `…/discover/events`) checked by the store's query
 * model when it is saved, so a saved query or a dashboard widget that cannot run is refused at
 * once with the field named (`query: Invalid field: …`), not later on every dashboard load.
 * Shared by the discover and dashboards features.
 */
import { DiscoverQueryError, parseTableQuery } from '@dexter/store';
import { DexterError } from '../errors/error-codes';

export function paramsOfRawQuery(raw: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(raw.trim().replace(/^\?/, ''))) {
    const before = params[key];
    params[key] = before === undefined ? value : [before, value].flat();
  }
  return params;
}

/** Throws a 400 naming `where` (the body field) and the query's own parameter. */
export function checkRawDiscoverQuery(raw: string, where: string, now: number): void {
  try {
    parseTableQuery(paramsOfRawQuery(raw), now);
  } catch (error) {
    if (error instanceof DiscoverQueryError) {
      throw new DexterError('DEXTER_ERR_VALIDATION', `Invalid ${where}: ${error.message}`, {
        field: where,
        parameter: error.parameter,
      });
    }
    throw error;
  }
}
