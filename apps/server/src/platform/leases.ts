/**
 * Leases: how several Dexter instances on one database agree that exactly one of them does a
 * piece of work (runs a bulk job, polls Sentry for changes). A lease is a row naming its holder
 * and the time it expires; the holder renews it while it works, and once it stops renewing (it
 * died, or lost the database) any other instance takes it over when it expires.
 *
 * Taking and renewing are one statement, an upsert whose update applies only when the row is
 * ours or expired (`on conflict ... do update ... where`), so of two instances racing for a free
 * lease exactly one gets a row back. SQLite and PostgreSQL both run it as written.
 *
 * Expiry is judged by the instances' own clocks, so they must agree to well within a TTL (NTP
 * does); the TTL also outlasts an upstream call (DEXTER_UPSTREAM_TIMEOUT_MS), so work taken over
 * never races a call its dead holder still has in flight.
 */

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DexterDb } from '../db/database';

interface LeaseTable {
  name: string;
  owner: string;
  acquired_at: number;
  expires_at: number;
}

export interface Leases {
  /** This instance's name in the `owner` column: host, process id and a random suffix. */
  readonly owner: string;
  /**
   * Takes the lease when it is free or expired, or extends it when this instance holds it: true
   * when this instance holds it for the next `ttlMs`. A database error counts as not holding it.
   */
  hold(name: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up now (only when this instance holds it), so another may take it at once. */
  release(name: string): Promise<void>;
  /** Who holds the lease, and until when; null when nobody does. */
  holder(name: string): Promise<{ owner: string; expiresAt: number } | null>;
}

export const instanceName = () => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export function createLeases(options: {
  db: DexterDb;
  now: () => number;
  owner?: string;
  log?: { warn(object: object, message: string): void };
}): Leases {
  const db = options.db.withTables<{ leases: LeaseTable }>();
  const owner = options.owner ?? instanceName();
  const { now } = options;

  return {
    owner,
    async hold(name, ttlMs) {
      const at = now();
      try {
        const row = await db
          .insertInto('leases')
          .values({ name, owner, acquired_at: at, expires_at: at + ttlMs })
          .onConflict((oc) =>
            oc
              .column('name')
              .doUpdateSet((eb) => ({
                owner: eb.ref('excluded.owner'),
                // A renewal keeps the time it was first taken; a takeover starts a new one.
                acquired_at: eb
                  .case()
                  .when('leases.owner', '=', owner)
                  .then(eb.ref('leases.acquired_at'))
                  .else(eb.ref('excluded.acquired_at'))
                  .end(),
                expires_at: eb.ref('excluded.expires_at'),
              }))
              .where((eb) => eb.or([eb('leases.owner', '=', owner), eb('leases.expires_at', '<=', at)])),
          )
          .returning('owner')
          .executeTakeFirst();
        return row?.owner === owner;
      } catch (error) {
        options.log?.warn({ err: error, lease: name }, 'lease: the database did not answer; not holding it');
        return false;
      }
    },
    async release(name) {
      await db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
    },
    async holder(name) {
      const row = await db
        .selectFrom('leases')
        .select(['owner', 'expires_at'])
        .where('name', '=', name)
        .executeTakeFirst();
      return row && row.expires_at > now() ? { owner: row.owner, expiresAt: row.expires_at } : null;
    },
  };
}
