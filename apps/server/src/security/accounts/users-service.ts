/**
 * Local accounts: create with a one-time password, change role, disable, reset the password.
 * A new account, and every reset, gets a random one-time password that must be changed at the
 * next sign-in. The last enabled admin can be neither demoted nor disabled, so Dexter can never
 * lock itself out of administration.
 */
import type { Role, User, UserCreate, UserUpdate, UserWithPassword } from '@dexter/contracts';
import type { Selectable } from 'kysely';
import type { DexterDb } from '../../db/database';
import type { UserTable } from '../../db/schema';
import { DexterError } from '../../errors/error-codes';
import { newOneTimePassword, sha256Hex } from '../credentials';
import { hashPassword } from '../password-hash';
import type { OidcIdentity } from './oidc';

export type UserRow = Selectable<UserTable>;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    role: row.role as Role,
    disabled: row.disabled_at !== null,
    mustChangePassword: row.must_change_password === 1,
    authMethod: row.password_hash === null && row.oidc_subject !== null ? 'oidc' : 'password',
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export interface UsersServiceDeps {
  db: DexterDb;
  now: () => number;
}

export function createUsersService({ db, now }: UsersServiceDeps) {
  const find = (id: number) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

  async function get(id: number): Promise<UserRow> {
    const row = await find(id);
    if (!row) throw new DexterError('DEXTER_ERR_NOT_FOUND', `No user ${id}`);
    return row;
  }

  async function enabledAdmins(): Promise<number> {
    const row = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  return {
    get,
    findByUsername: (username: string) =>
      db.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst(),

    async list(): Promise<User[]> {
      return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async create(input: UserCreate & { password?: string }): Promise<UserWithPassword> {
      const username = input.username.toLowerCase();
      if (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) {
        throw new DexterError('DEXTER_ERR_CONFLICT', `The user name ${username} is taken`);
      }
      const oneTimePassword = input.password ?? newOneTimePassword();
      const at = now();
      const row = await db
        .insertInto('users')
        .values({
          username,
          display_name: input.displayName ?? username,
          email: input.email ?? null,
          role: input.role,
          password_hash: await hashPassword(oneTimePassword),
          must_change_password: 1,
          oidc_subject: null,
          disabled_at: null,
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { user: toUser(row), oneTimePassword };
    },

    async update(id: number, change: UserUpdate): Promise<User> {
      const row = await get(id);
      const losesAdmin =
        row.role === 'admin' &&
        row.disabled_at === null &&
        ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
      if (losesAdmin && (await enabledAdmins()) <= 1) {
        throw new DexterError('DEXTER_ERR_CONFLICT', 'The last admin can be neither demoted nor disabled');
      }
      const disabledAt =
        change.disabled === undefined ? row.disabled_at : change.disabled ? (row.disabled_at ?? now()) : null;
      const updated = await db
        .updateTable('users')
        .set({ role: change.role ?? row.role, disabled_at: disabledAt, updated_at: now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      // A disabled user is signed out at once, and their API tokens are revoked rather than only
      // refused: re-enabling the account must not bring back tokens that were out while it was off.
      if (disabledAt !== null) {
        await db.deleteFrom('sessions').where('user_id', '=', id).execute();
        await db
          .updateTable('personal_api_tokens')
          .set({ revoked_at: disabledAt })
          .where('user_id', '=', id)
          .where('revoked_at', 'is', null)
          .execute();
      }
      return toUser(updated);
    },

    /**
     * The user of an SSO identity, created at its first sign-in. Matched by issuer + subject only;
     * a taken user name gets a suffix rather than joining the existing account.
     */
    async upsertFromOidc(identity: OidcIdentity, defaultRole: Role): Promise<UserRow> {
      const at = now();
      const existing = await db
        .selectFrom('users')
        .selectAll()
        .where('oidc_subject', '=', identity.subject)
        .executeTakeFirst();
      if (existing) {
        return db
          .updateTable('users')
          .set({
            display_name: identity.displayName,
            email: identity.email,
            role: identity.role ?? existing.role,
            updated_at: at,
          })
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      const wanted =
        identity.username
          .toLowerCase()
          .replace(/[^a-z0-9._@-]/g, '-')
          .slice(0, 48) || 'sso-user';
      const taken = await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', wanted)
        .executeTakeFirst();
      const username = taken ? `${wanted}-${sha256Hex(identity.subject).slice(0, 6)}` : wanted;
      return db
        .insertInto('users')
        .values({
          username,
          display_name: identity.displayName,
          email: identity.email,
          role: identity.role ?? defaultRole,
          password_hash: null,
          must_change_password: 0,
          oidc_subject: identity.subject,
          disabled_at: null,
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /** Stores a new password hash; `mustChange` marks it one-time. Sessions are the caller's business. */
    async setPassword(id: number, password: string, mustChange: boolean): Promise<UserRow> {
      return db
        .updateTable('users')
        .set({
          password_hash: await hashPassword(password),
          must_change_password: mustChange ? 1 : 0,
          updated_at: now(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async resetPassword(id: number): Promise<UserWithPassword> {
      await get(id);
      const oneTimePassword = newOneTimePassword();
      const updated = await this.setPassword(id, oneTimePassword, true);
      await db.deleteFrom('sessions').where('user_id', '=', id).execute();
      return { user: toUser(updated), oneTimePassword };
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
