import { useQuery } from '@tanstack/react-query';
import { useMatch } from 'react-router-dom';
import { metaQueryOptions, organizationsQueryOptions } from './organizations-queries';

/** Top-level paths that are Dexter's own pages, not organization slugs. */
const DEXTER_PAGES = new Set(['admin', 'settings', 'change-password']);

/**
 * The organization the header works on: the one in the URL, or on Dexter's own pages (`/admin/...`,
 * `/settings/...`) the one `/` would open, so the navigation stays and does not name "admin" an org.
 */
export function useCurrentOrg(): { org: string | undefined; inUrl: boolean } {
  const segment = useMatch('/:org/*')?.params.org;
  const fromUrl = segment !== undefined && !DEXTER_PAGES.has(segment) ? segment : undefined;
  const meta = useQuery({ ...metaQueryOptions(), enabled: fromUrl === undefined });
  const organizations = useQuery({
    ...organizationsQueryOptions(),
    enabled: fromUrl === undefined && meta.isSuccess && meta.data.defaultOrg === null,
  });
  if (fromUrl !== undefined) return { org: fromUrl, inUrl: true };
  return { org: meta.data?.defaultOrg ?? organizations.data?.organizations[0]?.slug, inUrl: false };
}
