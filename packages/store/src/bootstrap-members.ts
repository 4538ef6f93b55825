/**
 * The people issues can be assigned to. A store starts with one member, the bootstrap admin
 * (`admin@dexter.local` unless configured), who owns the organization and belongs to one team,
 * `#triage`; API tokens act as that member. Runs on every bootstrap and seeds only an organization
 * that has no member yet, so databases created before members existed get theirs on next start.
 */
import type { StoreDb } from './db/database';

export const DEFAULT_ADMIN_EMAIL = 'admin@dexter.local';
export const DEFAULT_TEAM_SLUG = 'triage';

/** Returns the id of the organization's first owner, the member API tokens act as by default. */
export async function ensureMembers(
  db: StoreDb,
  organizationId: number,
  { adminEmail, now }: { adminEmail: string; now: number },
): Promise<number> {
  const owner = await firstOwner(db, organizationId);
  if (owner !== undefined) return owner;
  return db.transaction().execute(async (trx) => {
    const username = adminEmail.split('@')[0] || 'admin';
    const member = await trx
      .insertInto('members')
      .values({
        organization_id: organizationId,
        email: adminEmail,
        name: username.charAt(0).toUpperCase() + username.slice(1),
        username,
        role: 'owner',
        date_created: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const team = await trx
      .insertInto('teams')
      .values({ organization_id: organizationId, slug: DEFAULT_TEAM_SLUG, name: 'Triage', date_created: now })
      .onConflict((oc) => oc.columns(['organization_id', 'slug']).doUpdateSet({ name: 'Triage' }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('team_members').values({ team_id: team.id, member_id: member.id }).execute();
    return member.id;
  });
}

export async function firstOwner(db: StoreDb, organizationId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('members')
    .select('id')
    .where('organization_id', '=', organizationId)
    .orderBy((eb) => eb.case().when('role', '=', 'owner').then(0).else(1).end())
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
