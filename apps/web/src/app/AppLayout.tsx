import {
  ActionIcon,
  Anchor,
  AppShell,
  Group,
  Select,
  Text,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useNavigate } from 'react-router-dom';
import { MoonIcon, SunIcon } from '../components/icons';
import { UserMenu } from '../features/auth/UserMenu';
import { LiveProvider } from '../features/live/LiveProvider';
import { LiveStatus } from '../features/live/LiveStatus';
import { metaQueryOptions, organizationsQueryOptions } from '../features/organizations/organizations-queries';
import { useCurrentOrg } from '../features/organizations/use-current-org';
import { GlobalShortcutHelp } from '../features/triage/GlobalShortcutHelp';
import { OrganizationNav } from './OrganizationNav';

export const HEADER_HEIGHT = 52;

export function AppLayout() {
  return (
    <LiveProvider>
      <AppShell header={{ height: HEADER_HEIGHT }} padding="md">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="lg" wrap="nowrap">
              <Anchor
                component={Link}
                to="/"
                fw={800}
                fz="lg"
                underline="never"
                c="var(--mantine-color-text)"
              >
                Dexter
              </Anchor>
              <OrganizationSwitcher />
              <OrganizationNav />
            </Group>
            <Group gap="sm" wrap="nowrap">
              <LiveStatus />
              <VersionLabel />
              <ColorSchemeToggle />
              <UserMenu />
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Main>
          <Outlet />
          <GlobalShortcutHelp />
        </AppShell.Main>
      </AppShell>
    </LiveProvider>
  );
}

function OrganizationSwitcher() {
  const { org } = useCurrentOrg();
  const navigate = useNavigate();
  const organizations = useQuery({ ...organizationsQueryOptions(), enabled: org !== undefined });
  const list = organizations.data?.organizations ?? [];
  if (!org) return null;
  if (list.length < 2 || !list.some((o) => o.slug === org)) return <Text c="dimmed">{org}</Text>;
  return (
    <Select
      aria-label="Organization"
      size="xs"
      w={200}
      value={org}
      allowDeselect={false}
      data={list.map((o) => ({ value: o.slug, label: o.name }))}
      onChange={(slug) => slug && navigate(`/${encodeURIComponent(slug)}/issues`)}
    />
  );
}

function VersionLabel() {
  const meta = useQuery(metaQueryOptions());
  if (!meta.data) return null;
  return (
    <Text size="xs" c="dimmed" visibleFrom="sm">
      {meta.data.mode} · v{meta.data.version}
    </Text>
  );
}

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <ActionIcon
      variant="default"
      size="lg"
      aria-label={`Switch to ${next} theme`}
      onClick={() => setColorScheme(next)}
    >
      {computed === 'dark' ? <SunIcon /> : <MoonIcon />}
    </ActionIcon>
  );
}
