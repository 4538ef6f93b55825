/**
 * Seeds a standalone Dexter with the three patterns, as SDKs and sentry-cli would produce them
 * (events through the envelope endpoint with past timestamps, a release and a deploy through the
 * store's `/api/0`): a nightly job failing at 02:10 UTC for ten days, a checkout error bursting
 * in the last hour after days of near silence, a cache job failing at :15 every hour, and two issues in two projects that start together
 * 40 hours ago, 25 minutes after a deploy, and stop together 12 hours later. Shared by the API test
 * and the browser test, so both assert on the same story.
 */
import type { StoreKey } from '@dexter/contracts';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import type { TestDexter } from '../../../../testing/test-dexter';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const SEEDED = {
  nightly: 'NightlyExportError',
  spike: 'CheckoutLockError',
  hourly: 'CacheWarmupError',
  cart: 'CartServiceError',
  payment: 'PaymentGatewayError',
  release: 'shop@2.1.0',
  partnerProject: 'payments',
} as const;

async function check(response: Response, what: string) {
  if (response.status >= 300) throw new Error(`${what}: ${response.status} ${await response.text()}`);
}

export async function seedPatterns(dexter: TestDexter, now = Date.now()): Promise<void> {
  const demo = dexter.bootstrap!.projects[0]!;
  const demoKey = { id: demo.id, key: new URL(demo.dsn).username };
  const post = (path: string, body: object) =>
    dexter.request(path, { method: 'POST', body: JSON.stringify(body) });
  await check(
    await post('/api/v1/store/projects', { name: SEEDED.partnerProject, platform: 'node' }),
    'project',
  );
  const keys = (await (
    await dexter.request(`/api/v1/store/projects/${SEEDED.partnerProject}/keys`)
  ).json()) as {
    keys: StoreKey[];
  };
  const partner = keys.keys[0]!;
  const partnerKey = { id: partner.projectId, key: partner.publicKey };

  const send = async (to: { id: string; key: string }, type: string, at: number, release = 'shop@2.0.0') => {
    const event = testEvent({ fingerprint: [type], type, value: `${type} in the seeded story`, at, release });
    await check(await postEnvelope(dexter.url, to.id, to.key, envelopeOf(event)), `event ${type}`);
  };

  const today = Math.floor(now / DAY) * DAY;
  for (let day = 1; day <= 10; day++) {
    const at = today - day * DAY + 2 * HOUR + 10 * 60_000;
    // Today's run may not have happened yet; days before always have.
    await send(demoKey, SEEDED.nightly, at);
    await send(demoKey, SEEDED.nightly, at + 40_000);
  }
  await send(demoKey, SEEDED.spike, now - 5 * DAY - 7 * HOUR);
  // All twelve inside the current hour, so the burst is one hour's count whatever the clock says.
  const hourStart = Math.floor(now / HOUR) * HOUR;
  for (let i = 0; i < 12; i++) await send(demoKey, SEEDED.spike, hourStart + ((now - hourStart) * i) / 12);

  // An hourly job failing at :15 (and a few seconds) for the last 8 hours.
  for (let hour = 1; hour <= 8; hour++) {
    await send(
      demoKey,
      SEEDED.hourly,
      Math.floor(now / HOUR) * HOUR - hour * HOUR + 15 * 60_000 + hour * 3000,
    );
  }

  const start = Math.floor((now - 40 * HOUR) / HOUR) * HOUR;
  await check(
    await dexter.storePost('releases/', { version: SEEDED.release, projects: [demo.slug] }),
    'release',
  );
  await check(
    await dexter.storePost(`releases/${encodeURIComponent(SEEDED.release)}/deploys/`, {
      environment: 'production',
      dateFinished: new Date(start - 25 * 60_000).toISOString(),
    }),
    'deploy',
  );
  for (let hour = 0; hour < 12; hour++) {
    // Minutes vary from hour to hour: these are outages, not an hourly job.
    const at = start + hour * HOUR + ((hour * 17) % 60) * 60_000;
    await send(demoKey, SEEDED.cart, at, SEEDED.release);
    await send(partnerKey, SEEDED.payment, at + 90_000, SEEDED.release);
  }
}
