import { STORE_PLATFORMS, type StoreProject, StoreProjectCreateSchema } from '@dexter/contracts';
import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { LABEL_HEIGHT } from '../../app/theme';
import { ErrorState } from '../../components/ErrorState';
import { PageLoader } from '../../components/PageLoader';
import { RelativeTime } from '../../components/RelativeTime';
import { errorNotification } from '../../lib/error-notification';
import { schemaRule } from '../../lib/form-rules';
import { useNow } from '../../lib/use-now';
import { storeProjectsQueryOptions, useCreateStoreProject } from './store-admin-queries';

/** The built-in store's projects: create one, open one to see and rotate its DSN keys. */
export function StoreProjectsPage() {
  useDocumentTitle('Projects · Dexter');
  const projects = useQuery(storeProjectsQueryOptions());
  const now = useNow();
  return (
    <Stack maw={900} gap="lg">
      <div>
        <Title order={2}>Projects</Title>
        <Text c="dimmed" size="sm">
          Each project of the built-in store gets a DSN: point an SDK at it to send errors here.
        </Text>
      </div>
      <CreateProjectForm />
      {projects.isError && (
        <ErrorState
          title="Could not load projects"
          error={projects.error}
          onRetry={() => projects.refetch()}
        />
      )}
      {projects.isPending && <PageLoader />}
      {projects.data && (
        <Table striped highlightOnHover data-testid="store-project-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Project</Table.Th>
              <Table.Th>Platform</Table.Th>
              <Table.Th>DSN keys</Table.Th>
              <Table.Th>Created</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {projects.data.projects.map((project) => (
              <ProjectRow key={project.id} project={project} now={now} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function ProjectRow({ project, now }: { project: StoreProject; now: number }) {
  return (
    <Table.Tr data-testid="store-project-row" data-slug={project.slug}>
      <Table.Td>
        <Anchor component={Link} to={`/admin/store/projects/${encodeURIComponent(project.slug)}`} fw={600}>
          {project.name}
        </Anchor>
        <Text size="xs" c="dimmed" ff="monospace">
          {project.slug}
        </Text>
      </Table.Td>
      <Table.Td>{project.platform ?? <Text c="dimmed">not set</Text>}</Table.Td>
      <Table.Td>
        {project.activeKeys === 0 ? (
          <Badge color="red" variant="light">
            no live key
          </Badge>
        ) : (
          `${project.activeKeys} live`
        )}
      </Table.Td>
      <Table.Td>
        <RelativeTime value={project.createdAt} now={now} />
      </Table.Td>
    </Table.Tr>
  );
}

function CreateProjectForm() {
  const create = useCreateStoreProject();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { name: '', platform: 'javascript' as string | null },
    validate: {
      name: schemaRule(StoreProjectCreateSchema.shape.name, 'Name: 1 to 50 characters, with a letter'),
    },
    transformValues: ({ name, platform }) => ({
      name: name.trim(),
      platform: (platform as (typeof STORE_PLATFORMS)[number] | null) ?? null,
    }),
  });

  const submit = form.onSubmit((body) =>
    create.mutate(body, {
      onSuccess: (project) => {
        form.reset();
        notifications.show({
          color: 'green',
          title: `Project ${project.name} created`,
          message: 'Its DSN is ready to copy.',
        });
        navigate(`/admin/store/projects/${encodeURIComponent(project.slug)}`);
      },
      onError: (error) => {
        // A taken name is the form's business: show it under the field; anything else as a notice.
        const message = error instanceof Error ? error.message : '';
        if (/body\.name/.test(message))
          form.setFieldError('name', message.replace(/^Invalid body\.name: /, ''));
        else notifications.show(errorNotification('Could not create the project', error));
      },
    }),
  );

  return (
    <form onSubmit={submit} noValidate aria-label="New project">
      <Group align="flex-start" gap="sm">
        <TextInput
          label="Name"
          placeholder="Checkout web"
          required
          w={280}
          data-testid="project-name"
          {...form.getInputProps('name')}
        />
        <Select
          label="Platform"
          data={[...STORE_PLATFORMS]}
          w={200}
          clearable
          data-testid="project-platform"
          {...form.getInputProps('platform')}
        />
        <Button type="submit" loading={create.isPending} mt={LABEL_HEIGHT} data-testid="project-create">
          Create project
        </Button>
      </Group>
    </form>
  );
}
