/**
 * Insights of an organization; for now its geographic impact: a world map of events per country
 * for the issues the stream's filters match (status, level, projects and search text, all in the
 * URL), the countries ranked beside it, and a click on either that opens the stream narrowed to
 * that country (`geo.country_code:XX`). What the counts cover is said under the map.
 */
import type { GeoCountry, GeoImpact } from '@dexter/contracts';
import {
  Anchor,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { EmptyMessage } from '../../components/EmptyMessage';
import { ErrorState } from '../../components/ErrorState';
import { parseIssueSearchParams } from '../issues/issue-search-params';
import { countryName } from './country-names';
import { countryStreamPath, geoSearchQueryOptions, STATS_PERIODS, type StatsPeriod } from './geo-queries';
import { PatternsSection } from './patterns/PatternsSection';

const GeoMap = lazy(async () => ({ default: (await import('./GeoMap')).GeoMap }));

const MAP_HEIGHT = 460;
const LISTED = 12;

export function InsightsPage() {
  const org = useParams().org ?? '';
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseIssueSearchParams(params), [params]);
  const period = (STATS_PERIODS as readonly string[]).includes(params.get('statsPeriod') ?? '')
    ? (params.get('statsPeriod') as StatsPeriod)
    : '14d';
  const [input, setInput] = useState(filters.text);
  const [debounced] = useDebouncedValue(input.trim(), 300);
  useEffect(() => {
    if (debounced === filters.text) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (debounced) next.set('query', debounced);
        else next.delete('query');
        return next;
      },
      { replace: true },
    );
  }, [debounced, filters.text, setParams]);

  const geo = useQuery({ ...geoSearchQueryOptions(org, filters, period), placeholderData: keepPreviousData });
  const openCountry = (code: string) => navigate(countryStreamPath(org, filters, code));

  return (
    <Stack gap="lg" maw={1400} mx="auto">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={2}>
          <Title order={2}>Insights</Title>
          <Text c="dimmed" size="sm">
            Where in the world your unresolved issues hurt: events per country, from each user’s location.
          </Text>
          <Anchor component={Link} to={`/${encodeURIComponent(org)}/insights/correlation`} size="sm">
            Business-metric correlation: does an error rate move a metric such as checkouts? →
          </Anchor>
        </Stack>
        <Group gap="sm" align="flex-end">
          <TextInput
            label="Search"
            placeholder="release:shop@2.0 level:error"
            value={input}
            onChange={(event) => setInput(event.currentTarget.value)}
            w={280}
          />
          <SegmentedControl
            aria-label="Issues with events in the last"
            value={period}
            data={[...STATS_PERIODS]}
            onChange={(value) =>
              setParams((current) => {
                const next = new URLSearchParams(current);
                next.set('statsPeriod', value);
                return next;
              })
            }
          />
        </Group>
      </Group>
      <Paper withBorder p="md" component="section" aria-label="Geographic impact">
        <Title order={3} fz="md" mb="sm">
          Geographic impact
        </Title>
        {geo.isError ? (
          <ErrorState title="Could not load the map" error={geo.error} onRetry={() => void geo.refetch()} />
        ) : !geo.data ? (
          <Skeleton height={MAP_HEIGHT} />
        ) : (
          <GeoSection geo={geo.data} org={org} filters={filters} period={period} onSelect={openCountry} />
        )}
      </Paper>
      <PatternsSection org={org} projects={filters.projects} />
    </Stack>
  );
}

interface GeoSectionProps {
  geo: GeoImpact;
  org: string;
  filters: ReturnType<typeof parseIssueSearchParams>;
  period: StatsPeriod;
  onSelect: (code: string) => void;
}

function GeoSection({ geo, org, filters, period, onSelect }: GeoSectionProps) {
  if (geo.issuesConsidered === 0) {
    return (
      <EmptyMessage
        title="No issues match"
        description={`No matching issue had events in the last ${period}.`}
      />
    );
  }
  const unlocated = geo.totalEvents - geo.locatedEvents;
  return (
    <Stack gap="sm">
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Suspense fallback={<Skeleton height={MAP_HEIGHT} />}>
            <GeoMap countries={geo.countries} onSelect={onSelect} height={MAP_HEIGHT} />
          </Suspense>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          {geo.countries.length === 0 ? (
            <EmptyMessage
              title="No locations yet"
              description="None of these events carried a user IP address or user.geo, so none could be placed on the map."
            />
          ) : (
            <CountryTable countries={geo.countries} total={geo.locatedEvents} org={org} filters={filters} />
          )}
        </Grid.Col>
      </Grid>
      <Text size="xs" c="dimmed">
        {geo.source === 'discover'
          ? `Events and distinct users in the last ${period}, of the ${geo.issuesConsidered} most frequent matching issues`
          : `Events over each issue’s lifetime (the upstream refused Discover, so users are not counted), of the ${geo.issuesConsidered} most frequent matching issues with events in the last ${period}`}
        {geo.truncated ? ' (more issues matched; they are not counted)' : ''}.{' '}
        {unlocated > 0 ? `${unlocated.toLocaleString('en-US')} of their events had no known location.` : ''}
      </Text>
      <Text size="xs" c="dimmed">
        Countries from <code>user.geo</code> when the SDK sends it, otherwise from the user’s IP address.{' '}
        <Anchor href="https://db-ip.com" target="_blank" rel="noreferrer" size="xs">
          IP Geolocation by DB-IP
        </Anchor>{' '}
        (
        <Anchor
          href="https://creativecommons.org/licenses/by/4.0/"
          target="_blank"
          rel="noreferrer"
          size="xs"
        >
          CC BY 4.0
        </Anchor>
        ), looked up offline by the built-in store.
      </Text>
    </Stack>
  );
}

interface CountryTableProps {
  countries: GeoCountry[];
  total: number;
  org: string;
  filters: ReturnType<typeof parseIssueSearchParams>;
}

function CountryTable({ countries, total, org, filters }: CountryTableProps) {
  // Discover counts users per country; the tag-count fallback counts issues instead.
  const showUsers = countries.some((country) => country.users !== null);
  return (
    <Table striped highlightOnHover verticalSpacing={4} aria-label="Events per country">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Country</Table.Th>
          <Table.Th ta="right">Events</Table.Th>
          <Table.Th ta="right">Share</Table.Th>
          <Table.Th ta="right">{showUsers ? 'Users' : 'Issues'}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {countries.slice(0, LISTED).map((country) => (
          <Table.Tr key={country.code}>
            <Table.Td>
              <Anchor component={Link} to={countryStreamPath(org, filters, country.code)} size="sm">
                {countryName(country.code)}
              </Anchor>
            </Table.Td>
            <Table.Td ta="right">{country.events.toLocaleString('en-US')}</Table.Td>
            <Table.Td ta="right">
              {total > 0 ? `${Math.round((country.events / total) * 100)}%` : '–'}
            </Table.Td>
            <Table.Td ta="right">
              {(showUsers ? country.users : country.issues)?.toLocaleString('en-US') ?? '–'}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      {countries.length > LISTED && (
        <Table.Caption>
          {countries.length - LISTED} more {countries.length - LISTED === 1 ? 'country' : 'countries'} on the
          map
        </Table.Caption>
      )}
    </Table>
  );
}
