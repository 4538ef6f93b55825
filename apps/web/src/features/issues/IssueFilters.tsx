import { type IssueLevel, IssueLevelSchema, type IssueSort, type Project } from '@dexter/contracts';
import { Group, MultiSelect, SegmentedControl, Select } from '@mantine/core';
import type { Ref } from 'react';
import { SearchBox } from '../search/SearchBox';
import { type IssueStreamFilters, STATUS_FILTERS, type StatusFilter } from './issue-search-params';

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
      <SearchBox
        inputRef={searchRef}
        value={filters.text}
        projects={filters.projects}
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
