import { useQuery } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState';
import { PageLoader } from '../../components/PageLoader';
import { sessionQueryOptions } from './auth-queries';
import { signInPathFor } from './next-path';

/** Pages behind sign-in: nobody signed in goes to the sign-in page, a pending password change to its page. */
export function RequireSignIn() {
  const session = useQuery(sessionQueryOptions());
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  if (session.isError)
    return (
      <ErrorState
        title="Could not check your session"
        error={session.error}
        onRetry={() => session.refetch()}
      />
    );
  if (session.data === undefined) return <PageLoader label="Checking your session" />;
  if (session.data === null) return <Navigate to={signInPathFor(here)} replace />;
  if (session.data.mustChangePassword)
    return <Navigate to={`/change-password?${new URLSearchParams({ next: here })}`} replace />;
  return <Outlet />;
}
