/**
 * A dialog to pick who owns the selected issues: members and teams from the API, filtered by what
 * is typed, or "Unassigned" (last). Keyboard first: the search has focus, the first match is
 * preselected, arrows move, Enter picks.
 */
import type { IssueAssignee } from '@dexter/contracts';
import { Combobox, Loader, Modal, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { membersQueryOptions, teamsQueryOptions } from './assignees-queries';

export interface AssigneeChoice {
  /** `user:<id>` / `team:<id>`, or null to unassign. */
  ref: string | null;
  display: IssueAssignee | null;
}

interface AssignPickerProps {
  org: string;
  opened: boolean;
  count: number;
  onClose: () => void;
  onPick: (choice: AssigneeChoice) => void;
}

export function AssignPicker({ org, opened, count, onClose, onPick }: AssignPickerProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Assign ${count === 1 ? 'issue' : `${count} issues`}`}>
      {opened && <AssigneeSearch org={org} onPick={onPick} onClose={onClose} />}
    </Modal>
  );
}

function AssigneeSearch({
  org,
  onPick,
  onClose,
}: {
  org: string;
  onPick: (choice: AssigneeChoice) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  const [query] = useDebouncedValue(text.trim(), 200);
  const members = useQuery({ ...membersQueryOptions(org, query), placeholderData: keepPreviousData });
  const teams = useQuery({ ...teamsQueryOptions(org, query), placeholderData: keepPreviousData });
  // Always open: the options are the dialog's body, not a dropdown (Enter only picks while open).
  const combobox = useCombobox({ opened: true });

  const choices = new Map<string, AssigneeChoice & { label: string }>();
  for (const member of members.data?.members ?? []) {
    if (!member.assignee || !member.userId) continue;
    choices.set(member.assignee, {
      ref: member.assignee,
      display: { type: 'user', id: member.userId, name: member.name, email: member.email },
      label: member.email ? `${member.name} (${member.email})` : member.name,
    });
  }
  for (const team of teams.data?.teams ?? []) {
    choices.set(team.assignee, {
      ref: team.assignee,
      display: { type: 'team', id: team.id, name: team.slug, email: null },
      label: `#${team.slug}`,
    });
  }
  choices.set('none', { ref: null, display: null, label: 'Unassigned' });

  // Enter picks the best match: the first option, whenever the answers change.
  // (Through a ref: the store is a new object each render, which would reset the arrows' choice.)
  const store = useRef(combobox);
  store.current = combobox;
  useEffect(() => {
    if (members.data || teams.data) store.current.selectFirstOption();
  }, [members.data, teams.data]);

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(value) => {
        const choice = choices.get(value);
        if (choice) onPick({ ref: choice.ref, display: choice.display });
      }}
    >
      <Combobox.EventsTarget>
        <TextInput
          data-autofocus
          data-testid="assign-search"
          aria-label="Find a member or team"
          placeholder="Member or team"
          value={text}
          rightSection={members.isFetching || teams.isFetching ? <Loader size="xs" /> : null}
          onChange={(event) => {
            setText(event.currentTarget.value);
            combobox.selectFirstOption();
          }}
          onFocus={() => combobox.selectFirstOption()}
          // The always-open option list takes Esc for itself (it would close a dropdown), so the
          // dialog never heard it: Esc closes the dialog, as everywhere else.
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              onClose();
            }
          }}
        />
      </Combobox.EventsTarget>
      <Combobox.Options mt="sm" mah={300} style={{ overflowY: 'auto' }} data-testid="assign-options">
        {[...choices].map(([value, choice]) => (
          <Combobox.Option key={value} value={value}>
            {choice.label}
          </Combobox.Option>
        ))}
      </Combobox.Options>
    </Combobox>
  );
}
