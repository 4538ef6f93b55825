/**
 * The demo's performance and replay content, after its error history: traces across the
 * storefront and payments services (`demo-traces.ts`) and one storefront session replay linked to
 * the error it recorded (`demo-replay.ts`), both through the real SDKs' envelopes.
 */
import { releaseAt } from './demo-releases';
import { sendDemoReplay } from './demo-replay';
import { sendDemoTraces } from './demo-traces';

export async function sendDemoPerformance(dsnOf: (service: string) => string): Promise<void> {
  const release = releaseAt('production', 0) ?? 'shop@1.5.0';
  await sendDemoTraces({ storefront: dsnOf('storefront'), payments: dsnOf('payments') }, release);
  await sendDemoReplay(dsnOf('storefront'));
}
