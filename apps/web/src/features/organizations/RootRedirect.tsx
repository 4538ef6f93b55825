import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router-dom';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { PageLoader } from '../../components/PageLoader';
import { metaQueryOptions, organizationsQueryOptions } from './organizations-queries';

/** `/` opens the server's default org, or else the first org the token can see. */
export function RootRedirect() {
  const meta = useQuery(metaQueryOptions());
  const needsList = meta.isSuccess && meta.data.defaultOrg === null;
  const organizations = useQuery({ ...organizationsQueryOptions(), enabled: needsList });

  if (meta.isError) return <ErrorState title="Could not load Dexter's settings" error={meta.error} />;
  if (meta.data?.defaultOrg)
    return <Navigate to={`/${encodeURIComponent(meta.data.defaultOrg)}/issues`} replace />;
  if (organizations.isError) {
    return <ErrorState title="Could not load organizations" error={organizations.error} />;
  }
  if (organizations.data) {
    const first = organizations.data.organizations[0];
    if (first) return <Navigate to={`/${encodeURIComponent(first.slug)}/issues`} replace />;
    return (
      <EmptyMessage
        title="No organizations"
        description={
          meta.data?.mode === 'standalone'
            ? 'The built-in store has no organization.'
            : 'The Sentry token Dexter uses cannot see any organization.'
        }
      />
    );
  }
  return <PageLoader />;
}
