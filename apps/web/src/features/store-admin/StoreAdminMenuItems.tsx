import { Menu } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useDexterMode } from './use-dexter-mode';

/** The user menu's entries for the built-in store: admins, standalone mode only. */
export function StoreAdminMenuItems() {
  if (useDexterMode() !== 'standalone') return null;
  return (
    <>
      <Menu.Item component={Link} to="/admin/store/projects" data-testid="menu-store-projects">
        Projects &amp; DSN keys
      </Menu.Item>
      <Menu.Item component={Link} to="/admin/store/tokens" data-testid="menu-store-tokens">
        Store tokens
      </Menu.Item>
    </>
  );
}
