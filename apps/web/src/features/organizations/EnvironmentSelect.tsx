/**
 * One environment picked from the organization's environments (every project's, as Sentry's
 * environment filter offers them), or none for all. A value no project lists any more (a typed
 * link, a dashboard saved long ago) stays selectable, so it can be seen and cleared.
 */
import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { projectsQueryOptions } from './organizations-queries';

interface Props {
  org: string;
  value: string | null;
  onChange: (environment: string | null) => void;
  disabled?: boolean;
  w?: number;
}

export function EnvironmentSelect({ org, value, onChange, disabled, w = 170 }: Props) {
  const projects = useQuery(projectsQueryOptions(org));
  const names = new Set((projects.data?.projects ?? []).flatMap((project) => project.environments ?? []));
  if (value) names.add(value);
  return (
    <Select
      label="Environment"
      placeholder="All environments"
      data={[...names].sort()}
      value={value}
      onChange={(environment) => onChange(environment)}
      disabled={disabled}
      clearable
      searchable
      nothingFoundMessage={projects.isPending ? 'Loading…' : 'No such environment'}
      w={w}
    />
  );
}
