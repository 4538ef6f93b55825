/**
 * "Top countries" on the issue page: the countries with most of the issue's events in the last 90
 * days, each with its users (where the upstream counts them), its share as a bar and a link to the
 * stream of issues seen there. Says so when no event had a
 * location, so an empty panel never reads as "still loading".
 */
import { Anchor, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { DEFAULT_FILTERS } from '../issues/issue-search-params';
import { countryName } from './country-names';
import { countryStreamPath, issueGeoQueryOptions } from './geo-queries';

const TOP = 5;

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

export function IssueGeoPanel({ org, issueId }: { org: string; issueId: string }) {
  const geo = useQuery(issueGeoQueryOptions(org, issueId));
  let body: React.ReactNode;
  if (geo.isError) {
    body = (
      <Text size="sm" c="red">
        Could not load the countries: {geo.error.message}
      </Text>
    );
  } else if (!geo.data) {
    body = (
      <Text size="sm" c="dimmed">
        Locating events…
      </Text>
    );
  } else if (geo.data.countries.length === 0) {
    body = (
      <Text size="sm" c="dimmed">
        No event of this issue carried a location (a user IP address or user.geo).
      </Text>
    );
  } else {
    const { countries, locatedEvents, totalEvents } = geo.data;
    const unlocated = totalEvents - locatedEvents;
    body = (
      <>
        {countries.slice(0, TOP).map((country) => {
          const share = locatedEvents > 0 ? (country.events / locatedEvents) * 100 : 0;
          return (
            <Stack key={country.code} gap={2} component="article" aria-label={countryName(country.code)}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Anchor
                  component={Link}
                  to={countryStreamPath(org, DEFAULT_FILTERS, country.code)}
                  size="sm"
                  title={`Unresolved issues seen in ${countryName(country.code)}`}
                >
                  {countryName(country.code)}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {plural(country.events, 'event')}
                  {country.users === null ? '' : ` · ${plural(country.users, 'user')}`} · {Math.round(share)}%
                </Text>
              </Group>
              <Progress value={share} size="sm" aria-hidden />
            </Stack>
          );
        })}
        <Text size="xs" c="dimmed">
          {countries.length > TOP ? `${countries.length - TOP} more countries. ` : ''}
          {unlocated > 0
            ? `${unlocated.toLocaleString('en-US')} ${unlocated === 1 ? 'event' : 'events'} had no known location. `
            : ''}
          IP geolocation by{' '}
          <Anchor href="https://db-ip.com" target="_blank" rel="noreferrer" size="xs">
            DB-IP
          </Anchor>
          .
        </Text>
      </>
    );
  }
  return (
    <Paper withBorder p="sm" component="section" aria-label="Top countries">
      <Title order={3} fz="sm" mb="xs">
        Top countries
      </Title>
      <Stack gap="xs">{body}</Stack>
    </Paper>
  );
}
