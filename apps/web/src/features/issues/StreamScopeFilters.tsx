/**
 * The stream's scope beside the search: date range, environments and release, their choices read
 * from the server (the values its issues carry). A value in the URL that the server does not list
 * (a release since deleted, a hand-edited link) stays selectable so the filter can be seen and
 * cleared.
 */
import { Group, MultiSelect, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { DateRangeFilter } from './DateRangeFilter';
import type { FilterChangeOptions } from './IssueFilters';
import type { IssueStreamFilters } from './issue-search-params';
import { type FilterValueKey, filterValuesQueryOptions } from './stream-filter-values-queries';

interface StreamScopeFiltersProps {
  org: string;
  filters: IssueStreamFilters;
  onChange: (patch: Partial<IssueStreamFilters>, options?: FilterChangeOptions) => void;
}

function useFilterValues(
  org: string,
  key: FilterValueKey,
  projects: readonly string[],
  selected: readonly string[],
) {
  const values = useQuery(filterValuesQueryOptions(org, key, projects));
  return { data: [...new Set([...(values.data ?? []), ...selected])], loading: values.isPending };
}

export function StreamScopeFilters({ org, filters, onChange }: StreamScopeFiltersProps) {
  const environments = useFilterValues(org, 'environment', filters.projects, filters.environments);
  const releases = useFilterValues(
    org,
    'release',
    filters.projects,
    filters.release ? [filters.release] : [],
  );
  return (
    <Group gap="sm" wrap="wrap">
      <DateRangeFilter value={filters} onChange={(range) => onChange(range)} />
      <MultiSelect
        aria-label="Environments"
        placeholder={filters.environments.length === 0 ? 'All environments' : undefined}
        miw={180}
        maw={360}
        searchable
        clearable
        value={filters.environments}
        onChange={(selected) => onChange({ environments: [...selected].sort() })}
        data={environments.data}
        nothingFoundMessage={environments.loading ? 'Loading…' : 'No such environment'}
        data-testid="environment-filter"
      />
      <Select
        aria-label="Release"
        placeholder="All releases"
        w={200}
        searchable
        clearable
        value={filters.release}
        onChange={(release) => onChange({ release })}
        data={releases.data}
        nothingFoundMessage={releases.loading ? 'Loading…' : 'No such release'}
        data-testid="release-filter"
      />
    </Group>
  );
}
