/**
 * The organization's dashboards, by kind: team dashboards (every team has its default one),
 * organization-wide ones and the caller's personal ones; and a form to make a new one.
 */
import {
  type Dashboard,
  DashboardInputSchema,
  type DashboardScope,
  OrganizationTeamListSchema,
} from '@dexter/contracts';
import {
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { apiPath } from '../../api/api-path';
import { apiGet } from '../../api/http';
import { ErrorState } from '../../components/ErrorState';
import { PageLoader } from '../../components/PageLoader';
import { dashboardsQueryOptions, useCreateDashboard } from '../../lib/dashboards-api';
import { schemaRule } from '../../lib/form-rules';

const SECTIONS: Array<{ scope: DashboardScope; title: string }> = [
  { scope: 'team', title: 'Team dashboards' },
  { scope: 'organization', title: 'Organization' },
  { scope: 'personal', title: 'Yours' },
];

export function DashboardsPage() {
  const org = useParams().org ?? '';
  const list = useQuery(dashboardsQueryOptions(org));
  const [creating, setCreating] = useState(false);
  if (list.error) return <ErrorState title="Could not load the dashboards" error={list.error} />;
  if (!list.data) return <PageLoader label="Loading the dashboards" />;
  const dashboards = list.data.dashboards;
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={2}>Dashboards</Title>
        <Button onClick={() => setCreating(true)}>New dashboard</Button>
      </Group>
      {SECTIONS.map(({ scope, title }) => {
        const inSection = dashboards.filter((d) => d.scope === scope);
        if (inSection.length === 0) return null;
        return (
          <Stack key={scope} gap="xs">
            <Title order={4}>{title}</Title>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              {inSection.map((dashboard) => (
                <DashboardCard key={dashboard.id} org={org} dashboard={dashboard} />
              ))}
            </SimpleGrid>
          </Stack>
        );
      })}
      <Modal opened={creating} onClose={() => setCreating(false)} title="New dashboard">
        {creating && <NewDashboardForm org={org} />}
      </Modal>
    </Stack>
  );
}

function DashboardCard({ org, dashboard }: { org: string; dashboard: Dashboard }) {
  return (
    <Card withBorder padding="sm">
      <Anchor component={Link} to={`/${encodeURIComponent(org)}/dashboards/${dashboard.id}`} fw={600}>
        {dashboard.name}
      </Anchor>
      <Text size="xs" c="dimmed">
        {dashboard.team ? `#${dashboard.team} · ` : ''}
        {dashboard.widgets.length} widgets · {dashboard.period}
        {dashboard.environment ? ` · ${dashboard.environment}` : ''} · by {dashboard.owner.name}
      </Text>
    </Card>
  );
}

function NewDashboardForm({ org }: { org: string }) {
  const navigate = useNavigate();
  const create = useCreateDashboard(org);
  const teams = useQuery({
    queryKey: ['dashboards', org, 'teams'],
    queryFn: ({ signal }) => apiGet(apiPath`/organizations/${org}/teams`, OrganizationTeamListSchema, signal),
    staleTime: 300_000,
  });
  const form = useForm({
    initialValues: { name: '', scope: 'personal' as DashboardScope, team: '' },
    validate: {
      name: schemaRule(DashboardInputSchema.shape.name, 'Name: 1 to 100 characters'),
      team: (value, values) => (values.scope === 'team' && !value ? 'Team: pick one' : null),
    },
  });
  const submit = form.onSubmit(({ name, scope, team }) =>
    create.mutate(
      { name: name.trim(), scope, team: scope === 'team' ? team : null },
      { onSuccess: (dashboard) => navigate(`/${encodeURIComponent(org)}/dashboards/${dashboard.id}`) },
    ),
  );
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <TextInput data-autofocus label="Name" required {...form.getInputProps('name')} />
        <SegmentedControl
          data={[
            { value: 'personal', label: 'Personal' },
            { value: 'team', label: 'Team' },
            { value: 'organization', label: 'Organization' },
          ]}
          {...form.getInputProps('scope')}
        />
        {form.values.scope === 'team' && (
          <Select
            label="Team"
            placeholder={teams.isLoading ? 'Loading the teams…' : 'Pick a team'}
            data={(teams.data?.teams ?? []).map((team) => ({
              value: team.slug,
              label: `#${team.slug} · ${team.name}`,
            }))}
            searchable
            {...form.getInputProps('team')}
          />
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            Create
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
