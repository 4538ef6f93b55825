import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { primeFromBoot } from './app/boot';
import { createQueryClient } from './app/query-client';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The first render waits for the boot read (already in flight, see app/boot.ts), so the route
// guard and the stream start from the session instead of asking for it.
const queryClient = createQueryClient();
void primeFromBoot(queryClient).then(() => {
  createRoot(root).render(
    <StrictMode>
      <App queryClient={queryClient} />
    </StrictMode>,
  );
  // The issue page is the stream's next step: its code loads once the browser is idle, so opening
  // an issue waits for no chunk (the router's lazy route then finds the module loaded).
  const warmUp = () => void import('./features/issues/IssueDetailPage');
  if ('requestIdleCallback' in window) requestIdleCallback(warmUp, { timeout: 5_000 });
  else setTimeout(warmUp, 2_000);
});
