/**
 * The demo's release history, shared by the events the demo services send (`demo-schedule.ts`)
 * and the releases, commits and deploys the seeder records (`seed-demo.ts`). Times are hours
 * before seeding. Each release reaches staging first, production a little later; an event's
 * release is whichever was deployed to its environment at the event's time.
 */
export type DemoEnvironment = 'production' | 'staging';

export interface DemoDeploy {
  environment: DemoEnvironment;
  hoursAgo: number;
}

export interface DemoCommit {
  id: string;
  message: string;
  author: { name: string; email: string };
  hoursAgo: number;
  /**
   * Paths as a repository would list them. The demo's frames all live in `demo-app.ts`, so only the
   * commits that changed the failing code list it, and suspect commits point at them.
   */
  files: string[];
}

export interface DemoRelease {
  version: string;
  deploys: DemoDeploy[];
  commits: DemoCommit[];
}

const APP_FILE = 'apps/server/src/demo/demo-app.ts';
const ada = { name: 'Ada Lovelace', email: 'ada@example.com' };
const grace = { name: 'Grace Hopper', email: 'grace@example.com' };
const linus = { name: 'Linus Torvalds', email: 'linus@example.com' };

export const DEMO_REPOSITORY = 'example/shop';

export const DEMO_RELEASES: DemoRelease[] = [
  {
    version: 'shop@1.3.0',
    deploys: [
      { environment: 'staging', hoursAgo: 316 },
      { environment: 'production', hoursAgo: 312 },
    ],
    commits: [
      {
        id: 'a1c3e5f7091b2d4f6a8c0e2f4b6d8f0a1c3e5f70',
        message: 'Orders: page through order history',
        author: grace,
        hoursAgo: 320,
        files: ['apps/server/src/demo/orders.sql'],
      },
    ],
  },
  {
    version: 'shop@1.4.0',
    deploys: [
      { environment: 'staging', hoursAgo: 74 },
      { environment: 'production', hoursAgo: 72 },
    ],
    commits: [
      {
        id: 'b2d4f6a8c0e2f4b6d8f0a1c3e5f7091b2d4f6a81',
        message: 'Invoicing: render invoices from line items\n\nMoves rendering out of the template.',
        author: ada,
        hoursAgo: 80,
        files: [APP_FILE],
      },
      {
        id: 'c3e5f7091b2d4f6a8c0e2f4b6d8f0a1c3e5f7092',
        message: 'Orders: add an index on customer_id',
        author: grace,
        hoursAgo: 78,
        files: ['migrations/0042_orders_customer.sql'],
      },
    ],
  },
  {
    version: 'shop@1.5.0',
    deploys: [
      { environment: 'staging', hoursAgo: 26 },
      { environment: 'production', hoursAgo: 3 },
    ],
    commits: [
      {
        id: 'd4f6a8c0e2f4b6d8f0a1c3e5f7091b2d4f6a8c03',
        message: 'Storefront: strict page numbers in listings',
        author: linus,
        hoursAgo: 30,
        files: [APP_FILE],
      },
      {
        id: 'e5f7091b2d4f6a8c0e2f4b6d8f0a1c3e5f7091b4',
        message: 'Cart: keep lines of deleted products',
        author: ada,
        hoursAgo: 28,
        files: ['apps/web/src/cart/CartLines.tsx'],
      },
    ],
  },
];

/** The release deployed to `environment` at `hoursAgo`, or null before the first deploy. */
export function releaseAt(environment: DemoEnvironment, hoursAgo: number): string | null {
  let current: { version: string; at: number } | null = null;
  for (const release of DEMO_RELEASES) {
    for (const deploy of release.deploys) {
      if (deploy.environment !== environment || deploy.hoursAgo < hoursAgo) continue;
      if (current === null || deploy.hoursAgo < current.at)
        current = { version: release.version, at: deploy.hoursAgo };
    }
  }
  return current?.version ?? null;
}
