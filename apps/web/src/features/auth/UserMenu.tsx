import { Button, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { errorNotification } from '../../lib/error-notification';
import { useCurrentOrg } from '../organizations/use-current-org';
import { StoreAdminMenuItems } from '../store-admin/StoreAdminMenuItems';
import { sessionQueryOptions, useSignOut } from './auth-queries';

/**
 * The signed-in user, their pages (tokens; for admins users, audit log, the organization's integrations
 * and chat settings, the store's projects) and the two sign-outs.
 */
export function UserMenu() {
  const session = useQuery(sessionQueryOptions());
  const signOut = useSignOut(false);
  const signOutEverywhere = useSignOut(true);
  const { org } = useCurrentOrg();
  const user = session.data;
  if (!user) return null;
  const orgSettings = org ? `/${encodeURIComponent(org)}/settings` : undefined;

  const failed = (error: unknown) => notifications.show(errorNotification('Sign-out failed', error));

  return (
    <Menu position="bottom-end" width={220} withinPortal>
      <Menu.Target>
        <Button variant="default" size="sm" data-testid="user-menu">
          {user.displayName}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="xs" c="dimmed">
            {user.username} · {user.role}
          </Text>
        </Menu.Label>
        <Menu.Item component={Link} to="/settings/tokens" data-testid="menu-tokens">
          API tokens
        </Menu.Item>
        {user.authMethod === 'password' && (
          <Menu.Item component={Link} to="/change-password">
            Change password
          </Menu.Item>
        )}
        {user.role === 'admin' && (
          <>
            <Menu.Divider />
            <Menu.Item component={Link} to="/admin/users" data-testid="menu-users">
              Users
            </Menu.Item>
            <Menu.Item component={Link} to="/admin/audit" data-testid="menu-audit">
              Audit log
            </Menu.Item>
            {orgSettings && (
              <>
                <Menu.Item
                  component={Link}
                  to={`${orgSettings}/integrations`}
                  data-testid="menu-integrations"
                >
                  Integrations
                </Menu.Item>
                <Menu.Item component={Link} to={`${orgSettings}/chat`} data-testid="menu-chat">
                  Slack and Teams
                </Menu.Item>
              </>
            )}
            <StoreAdminMenuItems />
          </>
        )}
        <Menu.Divider />
        <Menu.Item onClick={() => signOut.mutate(undefined, { onError: failed })} data-testid="sign-out">
          Sign out
        </Menu.Item>
        <Menu.Item
          color="red"
          onClick={() => signOutEverywhere.mutate(undefined, { onError: failed })}
          data-testid="sign-out-everywhere"
        >
          Sign out everywhere
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
