import { type IssueLevel, IssueLevelSchema, type IssueSort, type Project } from '@dexter/contracts';
import { Group, MultiSelect, SegmentedControl, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { type Ref, useEffect, useRef, useState } from 'react';
import { SearchIcon } from '../../components/icons';
import { type IssueStreamFilters, STATUS_FILTERS, type StatusFilter } from './issue-search-params';

const SEARCH_DEBOUNCE_MS = 350;

const STATUS_LABELS: Record<StatusFilter, string> = {
  unresolved: 'Unresolved',
  resolved: 'Resolved',
  ignored: 'Ignored',
  all: 'All',
};

const SORT_LABELS: Record<IssueSort, string> = {
  date: 'Last seen',
  new: 'First seen',
  freq: 'Events',
  user: 'Users',
};

const LEVELS = IssueLevelSchema.options.filter((level) => level !== 'unknown');

export interface FilterChangeOptions {
  /** Replace the history entry instead of pushing one (typing should not flood Back). */
  replace?: boolean;
}

interface IssueFiltersProps {
  filters: IssueStreamFilters;
  projects: readonly Project[];
  onChange: (patch: Partial<IssueStreamFilters>, options?: FilterChangeOptions) => void;
  /** The search box, which the `/` shortcut focuses. */
  searchRef?: Ref<HTMLInputElement>;
}

export function IssueFilters({ filters, projects, onChange, searchRef }: IssueFiltersProps) {
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <SegmentedControl<StatusFilter>
        data-testid="status-filter"
        aria-label="Status"
        value={filters.status}
        onChange={(status) => onChange({ status })}
        data={STATUS_FILTERS.map((value) => ({ value, label: STATUS_LABELS[value] }))}
      />
      <SearchInput
        inputRef={searchRef}
        value={filters.text}
        onCommit={(text) => onChange({ text }, { replace: true })}
      />
      <Select<IssueLevel>
        aria-label="Level"
        placeholder="Any level"
        w={140}
        clearable
        value={filters.level}
        onChange={(level) => onChange({ level })}
        data={LEVELS.map((level) => ({ value: level, label: level }))}
      />
      <MultiSelect
        aria-label="Projects"
        placeholder={filters.projects.length === 0 ? 'All projects' : undefined}
        miw={180}
        maw={360}
        searchable
        clearable
        value={filters.projects}
        onChange={(selected) => onChange({ projects: selected })}
        data={projects.map((p) => ({ value: p.id, label: p.slug }))}
        nothingFoundMessage="No such project"
      />
      <Select<IssueSort>
        aria-label="Sort by"
        w={140}
        allowDeselect={false}
        value={filters.sort}
        onChange={(sort) => sort && onChange({ sort })}
        data={(Object.keys(SORT_LABELS) as IssueSort[]).map((value) => ({
          value,
          label: SORT_LABELS[value],
        }))}
      />
    </Group>
  );
}

interface SearchInputProps {
  inputRef: Ref<HTMLInputElement> | undefined;
  value: string;
  onCommit: (text: string) => void;
}

/**
 * Typing is local and committed after a pause (or at once on Enter). A value arriving from outside
 * (Back, a shared link) replaces the local text unless it is the one this input just committed, so
 * typing ahead of the debounce is never overwritten.
 */
function SearchInput({ inputRef, value, onCommit }: SearchInputProps) {
  const [text, setText] = useState(value);
  const committed = useRef(value);
  const commit = useDebouncedCallback((next: string) => {
    committed.current = next.trim();
    onCommit(committed.current);
  }, SEARCH_DEBOUNCE_MS);

  useEffect(() => {
    if (value === committed.current) return;
    commit.cancel();
    committed.current = value;
    setText(value);
  }, [value, commit]);

  return (
    <TextInput
      ref={inputRef}
      data-testid="search-input"
      aria-label="Search issues"
      placeholder="Search: TypeError, release:1.2.0, user.email:…"
      leftSection={<SearchIcon />}
      style={{ flex: '1 1 260px' }}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit.flush();
      }}
    />
  );
}
