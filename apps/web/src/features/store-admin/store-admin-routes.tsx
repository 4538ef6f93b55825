/**
 * The built-in store's admin pages under `/admin/store` (the router puts them behind RequireAdmin):
 * standalone mode only, each loaded on first visit through the router's `lazy` (no Suspense
 * fallback is revealed, as for the router's other lazy pages).
 */
import type { RouteObject } from 'react-router-dom';
import { RequireStandalone } from './RequireStandalone';

export const storeAdminRoutes: RouteObject = {
  path: 'store',
  element: <RequireStandalone />,
  children: [
    {
      path: 'projects',
      lazy: async () => ({ Component: (await import('./StoreProjectsPage')).StoreProjectsPage }),
    },
    {
      path: 'projects/:slug',
      lazy: async () => ({ Component: (await import('./StoreProjectKeysPage')).StoreProjectKeysPage }),
    },
    {
      path: 'tokens',
      lazy: async () => ({ Component: (await import('./StoreTokensPage')).StoreTokensPage }),
    },
  ],
};
