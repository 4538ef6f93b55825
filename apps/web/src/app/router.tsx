import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import { PageLoader } from '../components/PageLoader';
import { RequireAdmin } from '../features/auth/RequireAdmin';
import { RequireSignIn } from '../features/auth/RequireSignIn';
import { IssueStreamPage } from '../features/issues/IssueStreamPage';
import { RootRedirect } from '../features/organizations/RootRedirect';
// In the main bundle (a few KiB; its chart loads lazily): a lazy page would show a fallback, and
// React holds a revealed boundary back for 300 ms, which delayed the list's request that long.
import { ReleasesPage } from '../features/releases/ReleasesPage';
import { storeAdminRoutes } from '../features/store-admin/store-admin-routes';
import { AppLayout } from './AppLayout';
import { NotFoundPage, RouteErrorPage } from './RouteErrorPage';

/**
 * A page whose code loads on first visit, through the router's `lazy` rather than React.lazy: the
 * router loads the module before it renders the route (the page before stays until then), so no
 * Suspense fallback is revealed, which React would hold for at least 300 ms once shown.
 */
const lazyPage =
  <Module, Name extends keyof Module>(load: () => Promise<Module>, name: Name) =>
  async () => ({ Component: (await load())[name] as ComponentType });

export const router = createBrowserRouter([
  {
    path: '/sign-in',
    lazy: lazyPage(() => import('../features/auth/SignInPage'), 'SignInPage'),
    errorElement: <RouteErrorPage />,
  },
  {
    path: '/change-password',
    lazy: lazyPage(() => import('../features/auth/ChangePasswordPage'), 'ChangePasswordPage'),
    errorElement: <RouteErrorPage />,
  },
  {
    element: <RequireSignIn />,
    errorElement: <RouteErrorPage />,
    // Shown while a page opened directly loads its code (first render only).
    hydrateFallbackElement: <PageLoader />,
    children: [
      {
        path: '/',
        element: <AppLayout />,
        errorElement: <RouteErrorPage />,
        children: [
          {
            path: 'settings/tokens',
            lazy: lazyPage(() => import('../features/tokens/TokensPage'), 'TokensPage'),
          },
          {
            path: 'admin',
            element: <RequireAdmin />,
            children: [
              { path: 'audit', lazy: lazyPage(() => import('../features/audit/AuditPage'), 'AuditPage') },
              { path: 'users', lazy: lazyPage(() => import('../features/users/UsersPage'), 'UsersPage') },
              storeAdminRoutes,
            ],
          },
          { index: true, element: <RootRedirect /> },
          {
            path: ':org',
            children: [
              { index: true, element: <Navigate to="issues" replace /> },
              { path: 'issues', element: <IssueStreamPage /> },
              {
                path: 'clusters',
                lazy: lazyPage(() => import('../features/similarity/ClustersPage'), 'ClustersPage'),
              },
              { path: 'releases', element: <ReleasesPage /> },
              {
                path: 'settings/chat',
                element: <RequireAdmin />,
                children: [
                  { index: true, lazy: lazyPage(() => import('../features/chat/ChatPage'), 'ChatPage') },
                ],
              },
              {
                path: 'settings/integrations',
                element: <RequireAdmin />,
                children: [
                  {
                    index: true,
                    lazy: lazyPage(
                      () => import('../features/integrations/IntegrationsPage'),
                      'IntegrationsPage',
                    ),
                  },
                ],
              },
              {
                path: 'releases/:version',
                lazy: lazyPage(() => import('../features/releases/ReleaseDetailPage'), 'ReleaseDetailPage'),
              },
              {
                path: 'insights',
                lazy: lazyPage(() => import('../features/insights/InsightsPage'), 'InsightsPage'),
              },
              { path: 'alerts', lazy: lazyPage(() => import('../features/alerts/AlertsPage'), 'AlertsPage') },
              {
                path: 'discover',
                lazy: lazyPage(() => import('../features/discover/DiscoverPage'), 'DiscoverPage'),
              },
              {
                path: 'dashboards',
                lazy: lazyPage(() => import('../features/dashboards/DashboardsPage'), 'DashboardsPage'),
              },
              {
                path: 'dashboards/:dashboardId',
                lazy: lazyPage(() => import('../features/dashboards/DashboardPage'), 'DashboardPage'),
              },
              {
                path: 'traces/:traceId',
                lazy: lazyPage(() => import('../features/traces/TracePage'), 'TracePage'),
              },
              {
                path: 'performance',
                lazy: lazyPage(() => import('../features/performance/PerformancePage'), 'PerformancePage'),
              },
              {
                path: 'performance/summary',
                lazy: lazyPage(
                  () => import('../features/performance/TransactionSummaryPage'),
                  'TransactionSummaryPage',
                ),
              },
              {
                path: 'performance/services',
                lazy: lazyPage(() => import('../features/performance/ServiceGraphPage'), 'ServiceGraphPage'),
              },
              {
                path: 'replays',
                lazy: lazyPage(() => import('../features/replays/ReplaysPage'), 'ReplaysPage'),
              },
              {
                path: 'replays/:replayId',
                lazy: lazyPage(() => import('../features/replays/ReplayPlayerPage'), 'ReplayPlayerPage'),
              },
              {
                path: 'insights/correlation',
                lazy: lazyPage(
                  () => import('../features/insights/correlation/CorrelationPage'),
                  'CorrelationPage',
                ),
              },
              // The detail page (stack traces, context tables) loads on first visit, not with the stream.
              {
                path: 'issues/:issueId',
                lazy: lazyPage(() => import('../features/issues/IssueDetailPage'), 'IssueDetailPage'),
              },
              {
                path: 'issues/:issueId/events/:eventId',
                lazy: lazyPage(() => import('../features/issues/IssueDetailPage'), 'IssueDetailPage'),
              },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
