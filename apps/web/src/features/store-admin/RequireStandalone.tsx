import { Outlet } from 'react-router-dom';
import { EmptyMessage } from '../../components/EmptyMessage';
import { PageLoader } from '../../components/PageLoader';
import { useDexterMode } from './use-dexter-mode';

/** The store's pages exist only with a built-in store; in companion mode Sentry manages these. */
export function RequireStandalone() {
  const mode = useDexterMode();
  if (mode === null) return <PageLoader />;
  if (mode !== 'standalone') {
    return (
      <EmptyMessage
        title="No built-in store"
        description="Dexter runs in front of Sentry: manage projects, DSN keys and tokens in Sentry."
      />
    );
  }
  return <Outlet />;
}
