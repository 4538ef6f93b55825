/**
 * In standalone mode Dexter's accounts are the people issues can be assigned to: each enabled
 * account is a member of the store's organization, matched by email (an account without one gets
 * `<username>@dexter.local`, so the first admin is the store's bootstrap member). Run at start and
 * after every account change; the cached member lists are dropped so the assign dialog sees them.
 */
import type { User } from '@dexter/contracts';
import type { StoreMemberInput } from '@dexter/store';

export const memberOf = (user: Pick<User, 'username' | 'displayName' | 'email'>): StoreMemberInput => ({
  email: user.email ?? `${user.username}@dexter.local`,
  name: user.displayName || user.username,
  username: user.username,
});

export interface StoreMemberSyncDeps {
  listUsers(): Promise<User[]>;
  syncMembers(people: readonly StoreMemberInput[]): Promise<number>;
  /** Drops cached member lists (the `members` cache tag). */
  freshen(): Promise<void>;
}

export function createStoreMemberSync(deps: StoreMemberSyncDeps) {
  let running: Promise<void> = Promise.resolve();
  return {
    /** Serialized: two account changes in a row never insert the same member twice. */
    sync(): Promise<void> {
      running = running
        .catch(() => undefined)
        .then(async () => {
          const users = (await deps.listUsers()).filter((user) => !user.disabled);
          if ((await deps.syncMembers(users.map(memberOf))) > 0) await deps.freshen();
        });
      return running;
    },
  };
}
