/**
 * The period, environment and service every performance page filters by, kept in the page URL
 * (a link reproduces the view). The environment is typed: blank means every environment.
 */
import { CloseButton, Group, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { filtersOf, PERIODS, type PerformanceFilters } from './performance-queries';

export function usePerformanceFilters(): [PerformanceFilters, (next: Partial<PerformanceFilters>) => void] {
  const [search, setSearch] = useSearchParams();
  const filters = filtersOf(search);
  const update = (next: Partial<PerformanceFilters>) =>
    setSearch((current) => {
      const params = new URLSearchParams(current);
      for (const [key, value] of Object.entries(next)) {
        if (value) params.set(key, value);
        else params.delete(key);
      }
      return params;
    });
  return [filters, update];
}

export function PerformanceFiltersBar({ showProject = true }: { showProject?: boolean }) {
  const [filters, update] = usePerformanceFilters();
  const [environment, setEnvironment] = useState(filters.environment);
  return (
    <Group gap="sm" align="flex-end">
      <Select
        label="Period"
        data={PERIODS}
        value={filters.statsPeriod}
        onChange={(value) => update({ statsPeriod: value ?? filters.statsPeriod })}
        allowDeselect={false}
        w={170}
      />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          update({ environment: environment.trim() });
        }}
      >
        <TextInput
          label="Environment"
          placeholder="All environments"
          value={environment}
          onChange={(event) => setEnvironment(event.currentTarget.value)}
          onBlur={() => update({ environment: environment.trim() })}
          w={180}
        />
      </form>
      {showProject && filters.project ? (
        <TextInput
          label="Service"
          value={filters.project}
          readOnly
          w={160}
          rightSection={
            <CloseButton aria-label="Show every service" size="sm" onClick={() => update({ project: '' })} />
          }
        />
      ) : null}
    </Group>
  );
}
