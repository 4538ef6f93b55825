/**
 * "Suspect commits" on the issue page: the commits of the issue's release (and the few before it)
 * that touched a file in its stack trace, best first, each with the first line of its message,
 * short SHA, author, date, repository and the file that matched. Says so when there are none, so
 * an empty panel never reads as "still loading".
 */
import type { SuspectCommit } from '@dexter/contracts';
import { Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { RelativeTime } from '../../components/RelativeTime';
import { useNow } from '../../lib/use-now';
import { suspectCommitsQueryOptions } from './suspect-commits-queries';

export function SuspectCommits({ org, issueId }: { org: string; issueId: string }) {
  const suspects = useQuery(suspectCommitsQueryOptions(org, issueId));
  const now = useNow();
  let body: React.ReactNode;
  if (suspects.isError) {
    body = (
      <Text size="sm" c="red">
        Could not load suspect commits: {suspects.error.message}
      </Text>
    );
  } else if (!suspects.data) {
    body = (
      <Text size="sm" c="dimmed">
        Looking for commits…
      </Text>
    );
  } else if (suspects.data.items.length === 0) {
    body = (
      <Text size="sm" c="dimmed">
        No suspect commits: no commit of this issue’s release touched a file in its stack trace.
      </Text>
    );
  } else {
    body = suspects.data.items.map((commit) => <CommitRow key={commit.sha} commit={commit} now={now} />);
  }
  return (
    <Paper withBorder p="sm" component="section" aria-label="Suspect commits">
      <Title order={3} fz="sm" mb="xs">
        Suspect commits
      </Title>
      <Stack gap="sm">{body}</Stack>
    </Paper>
  );
}

function CommitRow({ commit, now }: { commit: SuspectCommit; now: number }) {
  const author = commit.author?.name ?? commit.author?.email ?? 'Unknown author';
  return (
    <Stack gap={2} component="article" aria-label={`Commit ${commit.sha.slice(0, 7)}`}>
      <Text size="sm" fw={500} lineClamp={2} title={commit.title ?? undefined}>
        {commit.title ?? '(no message)'}
      </Text>
      <Group gap={6} wrap="wrap">
        <Code title={commit.sha}>{commit.sha.slice(0, 7)}</Code>
        <Text size="xs" c="dimmed" title={commit.author?.email ?? undefined}>
          {author}
        </Text>
        {commit.dateCreated && (
          <Text size="xs" c="dimmed">
            <RelativeTime value={commit.dateCreated} now={now} />
          </Text>
        )}
        {commit.repository && (
          <Text size="xs" c="dimmed">
            in {commit.repository}
          </Text>
        )}
      </Group>
      {commit.matchedFile && (
        <Text size="xs" c="dimmed" title={commit.matchedFile.framePath ?? undefined}>
          changed <Code>{commit.matchedFile.filename}</Code>
        </Text>
      )}
    </Stack>
  );
}
