/**
 * The stream's saved views: pick one of your own or a shared one to load its search, or save the
 * current search under a name (optionally shared with everyone).
 */
import { SavedViewInputSchema } from '@dexter/contracts';
import { Button, Checkbox, Group, Menu, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { schemaRule } from '../../lib/form-rules';
import type { IssueStreamFilters } from '../issues/issue-search-params';
import { filtersFromView, viewInputFromFilters } from './saved-view-filters';
import { savedViewsQueryOptions, useSaveView } from './views-queries';

interface SavedViewsMenuProps {
  org: string;
  filters: IssueStreamFilters;
  onApply: (filters: IssueStreamFilters) => void;
}

export function SavedViewsMenu({ org, filters, onApply }: SavedViewsMenuProps) {
  const views = useQuery(savedViewsQueryOptions(org));
  const [saving, setSaving] = useState(false);
  const all = views.data?.views ?? [];
  const own = all.filter((view) => view.canEdit);
  const shared = all.filter((view) => !view.canEdit);

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="compact-xs" variant="default" data-testid="saved-views">
            Views
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => setSaving(true)}>Save current search…</Menu.Item>
          {own.length > 0 && <Menu.Label>Yours</Menu.Label>}
          {own.map((view) => (
            <Menu.Item key={view.id} onClick={() => onApply(filtersFromView(view))}>
              {view.name}
              {view.shared ? ' (shared)' : ''}
            </Menu.Item>
          ))}
          {shared.length > 0 && <Menu.Label>Shared</Menu.Label>}
          {shared.map((view) => (
            <Menu.Item key={view.id} onClick={() => onApply(filtersFromView(view))}>
              {view.name} · {view.owner.name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={saving} onClose={() => setSaving(false)} title="Save this search">
        {saving && <SaveViewForm org={org} filters={filters} onDone={() => setSaving(false)} />}
      </Modal>
    </>
  );
}

function SaveViewForm({
  org,
  filters,
  onDone,
}: {
  org: string;
  filters: IssueStreamFilters;
  onDone: () => void;
}) {
  const save = useSaveView(org);
  const form = useForm({
    initialValues: { name: '', shared: false },
    validate: { name: schemaRule(SavedViewInputSchema.shape.name, 'Name: 1 to 100 characters') },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(({ name, shared }) =>
        save.mutate(viewInputFromFilters(name.trim(), filters, shared), { onSuccess: onDone }),
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
