import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import { PageLoader } from '../components/PageLoader';
import { IssueStreamPage } from '../features/issues/IssueStreamPage';
import { RootRedirect } from '../features/organizations/RootRedirect';
import { AppLayout } from './AppLayout';
import { NotFoundPage, RouteErrorPage } from './RouteErrorPage';

/** The detail page (stack traces, context tables) loads on first visit, not with the stream. */
const IssueDetailPage = lazy(async () => ({
  default: (await import('../features/issues/IssueDetailPage')).IssueDetailPage,
}));

export const router = createBrowserRouter([
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <RootRedirect /> },
      {
        path: ':org',
        children: [
          { index: true, element: <Navigate to="issues" replace /> },
          { path: 'issues', element: <IssueStreamPage /> },
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
]);
