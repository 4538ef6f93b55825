/**
 * Which mode the server runs in: `standalone` (its built-in store, no Sentry anywhere) or
 * `companion` (in front of a Sentry). Null until the meta read answers, so wording that depends
 * on the mode says nothing mode-specific rather than the wrong thing.
 */
import type { Meta } from '@dexter/contracts';
import { useQuery } from '@tanstack/react-query';
import { metaQueryOptions } from '../organizations/organizations-queries';

export function useDexterMode(enabled = true): Meta['mode'] | null {
  return useQuery({ ...metaQueryOptions(), enabled }).data?.mode ?? null;
}
