/**
 * Discover's saved queries: open one of yours or a shared one (its owner named), save the current
 * query under a name (optionally shared), rename, update or delete the one open, copy its link
 * (the page URL: the raw query plus `saved=<id>`), and put the query on a dashboard.
 */
import { type SavedQuery, SavedQueryInputSchema } from '@dexter/contracts';
import { Button, Checkbox, CopyButton, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { schemaRule } from '../../lib/form-rules';
import { savedQueriesOptions } from '../../lib/saved-queries-api';
import { AddToDashboardForm } from './AddToDashboardForm';
import { useDeleteSavedQuery, useSaveQuery, useUpdateSavedQuery } from './discover-saved-queries';

interface Props {
  org: string;
  /** The query as it last ran (raw). */
  ran: string;
  savedId: number | null;
  onOpen: (saved: SavedQuery | null) => void;
}

type Dialog = 'save' | 'rename' | 'dashboard' | null;

export function DiscoverSaveBar({ org, ran, savedId, onOpen }: Props) {
  const list = useQuery(savedQueriesOptions(org));
  const queries = list.data?.queries ?? [];
  const open = queries.find((query) => query.id === savedId) ?? null;
  const [dialog, setDialog] = useState<Dialog>(null);
  const update = useUpdateSavedQuery(org);
  const remove = useDeleteSavedQuery(org);
  const close = () => setDialog(null);

  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <Select
        label="Saved queries"
        placeholder={queries.length === 0 ? 'None saved yet' : 'Open a saved query'}
        data={queries.map((query) => ({
          value: String(query.id),
          label: `${query.name} · ${query.owner.name}${query.shared ? ' (shared)' : ''}`,
        }))}
        value={open ? String(open.id) : null}
        onChange={(value) => onOpen(queries.find((query) => String(query.id) === value) ?? null)}
        searchable
        clearable
        w={300}
      />
      <Button variant="default" onClick={() => setDialog('save')}>
        Save as…
      </Button>
      {open?.canEdit && (
        <>
          <Button
            variant="default"
            disabled={open.query === ran}
            loading={update.isPending}
            onClick={() => update.mutate({ id: open.id, query: ran })}
          >
            Save changes
          </Button>
          <Button variant="default" onClick={() => setDialog('rename')}>
            Rename
          </Button>
          <Button
            variant="subtle"
            color="red"
            loading={remove.isPending}
            onClick={() => remove.mutate(open.id, { onSuccess: () => onOpen(null) })}
          >
            Delete
          </Button>
        </>
      )}
      <CopyButton value={typeof window === 'undefined' ? '' : window.location.href}>
        {({ copied, copy }) => (
          <Button variant="subtle" onClick={copy}>
            {copied ? 'Link copied' : 'Copy link'}
          </Button>
        )}
      </CopyButton>
      <Button variant="light" onClick={() => setDialog('dashboard')}>
        Add to dashboard…
      </Button>
      {open && (
        <Text size="xs" c="dimmed">
          Saved by {open.owner.name}
        </Text>
      )}
      <Modal opened={dialog === 'save'} onClose={close} title="Save this query">
        {dialog === 'save' && (
          <SaveQueryForm
            org={org}
            ran={ran}
            onSaved={(saved) => {
              close();
              onOpen(saved);
            }}
          />
        )}
      </Modal>
      <Modal opened={dialog === 'rename'} onClose={close} title="Rename the saved query">
        {dialog === 'rename' && open && (
          <NameForm
            initial={open.name}
            submitLabel="Rename"
            pending={update.isPending}
            onSubmit={(name) => update.mutate({ id: open.id, name }, { onSuccess: close })}
          />
        )}
      </Modal>
      <Modal opened={dialog === 'dashboard'} onClose={close} title="Add this query to a dashboard">
        {dialog === 'dashboard' && <AddToDashboardForm org={org} ran={ran} title={open?.name ?? ''} />}
      </Modal>
    </Group>
  );
}

function SaveQueryForm({
  org,
  ran,
  onSaved,
}: {
  org: string;
  ran: string;
  onSaved: (saved: SavedQuery) => void;
}) {
  const save = useSaveQuery(org);
  const form = useForm({
    initialValues: { name: '', shared: false },
    validate: { name: schemaRule(SavedQueryInputSchema.shape.name, 'Name: 1 to 100 characters') },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(({ name, shared }) =>
        save.mutate({ name: name.trim(), query: ran, shared }, { onSuccess: onSaved }),
      )}
    >
      <Stack gap="sm">
        <TextInput data-autofocus label="Name" required {...form.getInputProps('name')} />
        <Checkbox label="Share with everyone" {...form.getInputProps('shared', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function NameForm(props: {
  initial: string;
  submitLabel: string;
  pending: boolean;
  onSubmit: (name: string) => void;
}) {
  const form = useForm({
    initialValues: { name: props.initial },
    validate: { name: schemaRule(SavedQueryInputSchema.shape.name, 'Name: 1 to 100 characters') },
  });
  return (
    <form noValidate onSubmit={form.onSubmit(({ name }) => props.onSubmit(name.trim()))}>
      <Stack gap="sm">
        <TextInput data-autofocus label="Name" required {...form.getInputProps('name')} />
        <Group justify="flex-end">
          <Button type="submit" loading={props.pending}>
            {props.submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
