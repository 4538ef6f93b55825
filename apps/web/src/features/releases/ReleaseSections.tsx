/**
 * The sections of a release's page built from its insights: issue lists (new, regressed,
 * resolved), commits with their authors, and the release beside the previous one. A section the
 * upstream cannot answer says why instead of hiding.
 */
import type { InsightSection, Issue, ReleaseCommit, ReleaseFigures, ReleaseIssues } from '@dexter/contracts';
import { Anchor, Avatar, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { RelativeTime } from '../../components/RelativeTime';
import { CrashFreeBadge } from './ReleaseBadges';
import { releasePath } from './releases-queries';

export function Section({
  title,
  count,
  testId,
  children,
}: {
  title: string;
  count?: number | null;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding="md" data-testid={testId}>
      <Group gap="xs" mb="sm">
        <Title order={4}>{title}</Title>
        {count !== undefined && count !== null && (
          <Badge variant="light" color="gray" data-testid={`${testId}-count`}>
            {count}
          </Badge>
        )}
      </Group>
      {children}
    </Card>
  );
}

export function Unavailable({ reason }: { reason: string }) {
  return (
    <Text size="sm" c="dimmed" fs="italic" data-testid="section-unavailable">
      {reason}
    </Text>
  );
}

export function IssuesSection({
  org,
  title,
  testId,
  section,
  empty,
  now,
}: {
  org: string;
  title: string;
  testId: string;
  section: InsightSection<ReleaseIssues>;
  empty: string;
  now: number;
}) {
  const count = section.available ? (section.data.total ?? section.data.issues.length) : null;
  return (
    <Section title={title} count={count} testId={testId}>
      {!section.available ? (
        <Unavailable reason={section.reason} />
      ) : section.data.issues.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Table verticalSpacing={6} highlightOnHover>
          <Table.Tbody>
            {section.data.issues.map((issue) => (
              <IssueRow key={issue.id} org={org} issue={issue} now={now} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

function IssueRow({ org, issue, now }: { org: string; issue: Issue; now: number }) {
  return (
    <Table.Tr data-testid="release-issue-row">
      <Table.Td>
        <Anchor component={Link} to={`/${encodeURIComponent(org)}/issues/${issue.id}`} size="sm" fw={600}>
          {issue.title}
        </Anchor>
        <Text size="xs" c="dimmed" truncate maw={560}>
          {issue.shortId} · {issue.culprit || issue.project.slug}
        </Text>
      </Table.Td>
      <Table.Td ta="right" w={90}>
        <Text size="sm" fw={600}>
          {issue.count.toLocaleString()}
        </Text>
        <Text size="xs" c="dimmed">
          events
        </Text>
      </Table.Td>
      <Table.Td ta="right" w={110}>
        <Text size="xs" c="dimmed">
          <RelativeTime value={issue.lastSeen} now={now} />
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();

export function CommitsSection({ section, now }: { section: InsightSection<ReleaseCommit[]>; now: number }) {
  return (
    <Section title="Commits" count={section.available ? section.data.length : null} testId="release-commits">
      {!section.available ? (
        <Unavailable reason={section.reason} />
      ) : section.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No commits: sentry-cli releases set-commits "$VERSION" --auto records them.
        </Text>
      ) : (
        <Stack gap={6}>
          {section.data.map((commit) => {
            const author = commit.author?.name ?? commit.author?.email ?? 'unknown author';
            return (
              <Group key={commit.id} gap="sm" wrap="nowrap" data-testid="commit-row">
                <Avatar size="sm" radius="xl" color="indigo" title={commit.author?.email ?? undefined}>
                  {initials(author)}
                </Avatar>
                <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                  <Text size="sm" truncate>
                    {commit.message?.split('\n')[0] ?? '(no message)'}
                  </Text>
                  <Text size="xs" c="dimmed">
                    <span data-testid="commit-author">{author}</span> ·{' '}
                    <Text span ff="monospace" inherit>
                      {commit.id.slice(0, 7)}
                    </Text>
                    {commit.repository ? ` · ${commit.repository}` : ''}
                    {commit.dateCreated && (
                      <>
                        {' · '}
                        <RelativeTime value={commit.dateCreated} now={now} />
                      </>
                    )}
                  </Text>
                </Stack>
              </Group>
            );
          })}
        </Stack>
      )}
    </Section>
  );
}

type Compared = InsightSection<{ current: ReleaseFigures; previous: ReleaseFigures | null }>;

/** How this release compares with the one before it; a worse figure is marked. */
export function ComparisonSection({ org, section }: { org: string; section: Compared }) {
  return (
    <Section title="Compared with the previous release" testId="release-comparison">
      {!section.available ? (
        <Unavailable reason={section.reason} />
      ) : section.data.previous === null ? (
        <Text size="sm" c="dimmed">
          This is the first release of its projects.
        </Text>
      ) : (
        <ComparisonTable org={org} current={section.data.current} previous={section.data.previous} />
      )}
    </Section>
  );
}

function ComparisonTable({
  org,
  current,
  previous,
}: {
  org: string;
  current: ReleaseFigures;
  previous: ReleaseFigures;
}) {
  const count = (n: number | null) => (n === null ? '—' : n.toLocaleString());
  const worse = (a: number | null, b: number | null, higherIsWorse: boolean) =>
    a !== null && b !== null && (higherIsWorse ? a > b * 1.2 && a - b >= 5 : a < b - 0.5);
  const rows: Array<[string, ReactNode, ReactNode, boolean]> = [
    [
      'Events in the first 24 h',
      count(current.eventsFirstDay),
      count(previous.eventsFirstDay),
      worse(current.eventsFirstDay, previous.eventsFirstDay, true),
    ],
    [
      'New issues',
      count(current.newIssues),
      count(previous.newIssues),
      current.newIssues > previous.newIssues,
    ],
    [
      'Crash-free sessions (14 d)',
      <CrashFreeBadge key="c" value={current.crashFreeSessions} />,
      <CrashFreeBadge key="p" value={previous.crashFreeSessions} />,
      worse(current.crashFreeSessions, previous.crashFreeSessions, false),
    ],
    ['Sessions (14 d)', count(current.sessions), count(previous.sessions), false],
  ];
  return (
    <Table verticalSpacing={6} layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="40%" />
          <Table.Th>This release</Table.Th>
          <Table.Th>
            <Anchor component={Link} to={releasePath(org, previous.version)} ff="monospace" size="sm">
              {previous.version}
            </Anchor>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(([label, now, before, isWorse]) => (
          <Table.Tr key={label} data-testid="comparison-row" data-worse={isWorse}>
            <Table.Td>
              <Text size="sm" c="dimmed">
                {label}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={6}>
                <Text size="sm" fw={600} component="div">
                  {now}
                </Text>
                {isWorse && (
                  <Badge size="xs" color="red" variant="light">
                    worse
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td>
              <Text size="sm" component="div">
                {before}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
