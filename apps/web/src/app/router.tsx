import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import { PageLoader } from '../components/PageLoader';
import { ChangePasswordPage } from '../features/auth/ChangePasswordPage';
import { RequireAdmin } from '../features/auth/RequireAdmin';
import { RequireSignIn } from '../features/auth/RequireSignIn';
import { SignInPage } from '../features/auth/SignInPage';
import { IssueStreamPage } from '../features/issues/IssueStreamPage';
import { RootRedirect } from '../features/organizations/RootRedirect';
import { storeAdminRoutes } from '../features/store-admin/store-admin-routes';
// In the main bundle (a few KiB; its chart loads lazily): a lazy page would show a fallback, and
// React holds a revealed boundary back for 300 ms, which delayed the list's request that long.
import { ReleasesPage } from '../features/releases/ReleasesPage';
import { AppLayout } from './AppLayout';
import { NotFoundPage, RouteErrorPage } from './RouteErrorPage';

/** The detail page (stack traces, context tables) loads on first visit, not with the stream. */
const IssueDetailPage = lazy(async () => ({
  default: (await import('../features/issues/IssueDetailPage')).IssueDetailPage,
}));

/** Pages few visit: loaded when opened. */
const TokensPage = lazy(async () => ({
  default: (await import('../features/tokens/TokensPage')).TokensPage,
}));
const AuditPage = lazy(async () => ({ default: (await import('../features/audit/AuditPage')).AuditPage }));
const UsersPage = lazy(async () => ({ default: (await import('../features/users/UsersPage')).UsersPage }));
const ClustersPage = lazy(async () => ({
  default: (await import('../features/similarity/ClustersPage')).ClustersPage,
}));

const ReleaseDetailPage = lazy(async () => ({
  default: (await import('../features/releases/ReleaseDetailPage')).ReleaseDetailPage,
}));

const InsightsPage = lazy(async () => ({
  default: (await import('../features/insights/InsightsPage')).InsightsPage,
}));

const lazyPage = (page: ReactNode) => <Suspense fallback={<PageLoader />}>{page}</Suspense>;

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage />, errorElement: <RouteErrorPage /> },
  { path: '/change-password', element: <ChangePasswordPage />, errorElement: <RouteErrorPage /> },
  {
    element: <RequireSignIn />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        path: '/',
        element: <AppLayout />,
        errorElement: <RouteErrorPage />,
        children: [
          { path: 'settings/tokens', element: lazyPage(<TokensPage />) },
          {
            path: 'admin',
            element: <RequireAdmin />,
            children: [
              { path: 'audit', element: lazyPage(<AuditPage />) },
              { path: 'users', element: lazyPage(<UsersPage />) },
              storeAdminRoutes,
            ],
          },
          { index: true, element: <RootRedirect /> },
          {
            path: ':org',
            children: [
              { index: true, element: <Navigate to="issues" replace /> },
              { path: 'issues', element: <IssueStreamPage /> },
              { path: 'clusters', element: lazyPage(<ClustersPage />) },
              { path: 'releases', element: <ReleasesPage /> },
              { path: 'releases/:version', element: lazyPage(<ReleaseDetailPage />) },
              { path: 'insights', element: lazyPage(<InsightsPage />) },
              {
                path: 'issues/:issueId',
                element: (
                  <Suspense fallback={<PageLoader label="Loading issue" />}>
                    <IssueDetailPage />
                  </Suspense>
                ),
              },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
