/**
 * The detail page's side panels from the context facade: tag value distributions as bars, the
 * issue's events with previous/next, activity, and comments (with a form to add one). A part the
 * facade could not fetch says why in its own panel; the others still show.
 */
import {
  type Activity,
  type EventSummary,
  IssueCommentBodySchema,
  type PartError,
  type TagSummary,
} from '@dexter/contracts';
import { Button, Group, Paper, Progress, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { RelativeTime } from '../../components/RelativeTime';
import { schemaRule } from '../../lib/form-rules';
import { useNow } from '../../lib/use-now';
import { issueCommentsQueryOptions, issueContextQueryOptions, useAddComment } from './issue-context-queries';

export function IssueContextPanels({ org, issueId }: { org: string; issueId: string }) {
  const context = useQuery(issueContextQueryOptions(org, issueId));
  if (!context.data) return null;
  const { tags, events, activity } = context.data;
  return (
    <Stack gap="md">
      <Panel title="Tags" testId="issue-tags">
        {tags.ok ? <TagBars tags={tags.data} /> : <PartFailed error={tags.error} />}
      </Panel>
      <Panel title="Events" testId="issue-events">
        {events.ok ? <EventPager events={events.data.events} /> : <PartFailed error={events.error} />}
      </Panel>
      <Panel title="Activity" testId="issue-activity">
        {activity.ok ? (
          activity.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing yet.
            </Text>
          ) : (
            activity.data.slice(0, 20).map((item) => (
              <Text key={item.id} size="sm">
                {item.user ?? 'Someone'}: {describeActivity(item)}
              </Text>
            ))
          )
        ) : (
          <PartFailed error={activity.error} />
        )}
      </Panel>
      <Comments org={org} issueId={issueId} />
    </Stack>
  );
}

/** The activity type, or for a comment (`note`) what was said. */
function describeActivity(item: Activity): string {
  return item.type === 'note' && typeof item.data.text === 'string'
    ? `commented "${item.data.text}"`
    : item.type;
}

function Panel({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Title order={3} fz="sm" mb="xs">
        {title}
      </Title>
      <Stack gap={6}>{children}</Stack>
    </Paper>
  );
}

function PartFailed({ error }: { error: PartError }) {
  return (
    <Text size="sm" c="red">
      Could not load: {error.message}
    </Text>
  );
}

function TagBars({ tags }: { tags: readonly TagSummary[] }) {
  if (tags.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No tags.
      </Text>
    );
  return tags.map((tag) => (
    <div key={tag.key}>
      <Text size="xs" fw={600}>
        {tag.key}
      </Text>
      {tag.topValues.slice(0, 5).map((value) => {
        const share = tag.totalValues > 0 ? (value.count / tag.totalValues) * 100 : 0;
        return (
          <Group key={value.value ?? '(none)'} gap={6} wrap="nowrap">
            <Text size="xs" w={120} truncate title={value.value ?? '(none)'}>
              {value.value ?? '(none)'}
            </Text>
            <Progress value={share} size="sm" style={{ flex: 1 }} aria-label={`${tag.key} ${value.value}`} />
            <Text size="xs" c="dimmed" w={40} ta="right">
              {Math.round(share)}%
            </Text>
          </Group>
        );
      })}
    </div>
  ));
}

function EventPager({ events }: { events: readonly EventSummary[] }) {
  const [index, setIndex] = useState(0);
  const now = useNow();
  const event = events[index];
  if (!event)
    return (
      <Text size="sm" c="dimmed">
        No events.
      </Text>
    );
  return (
    <>
      <Group justify="space-between">
        <Button
          size="compact-xs"
          variant="default"
          disabled={index === 0}
          onClick={() => setIndex(index - 1)}
        >
          Previous
        </Button>
        <Text size="xs" c="dimmed" data-testid="event-position">
          {index + 1} of {events.length}
        </Text>
        <Button
          size="compact-xs"
          variant="default"
          disabled={index >= events.length - 1}
          onClick={() => setIndex(index + 1)}
        >
          Next
        </Button>
      </Group>
      <Text size="xs" ff="monospace">
        {event.id}
      </Text>
      <Text size="sm">{event.message || event.title}</Text>
      <Text size="xs" c="dimmed">
        <RelativeTime value={event.dateCreated} now={now} />
        {event.user ? ` · ${event.user}` : ''}
      </Text>
    </>
  );
}

function Comments({ org, issueId }: { org: string; issueId: string }) {
  const comments = useQuery(issueCommentsQueryOptions(org, issueId));
  const add = useAddComment(org, issueId);
  const form = useForm({
    initialValues: { text: '' },
    validate: { text: schemaRule(IssueCommentBodySchema.shape.text, 'Comment: 1 to 10,000 characters') },
  });
  return (
    <Panel title="Comments" testId="issue-comments">
      {comments.data?.comments.map((comment) => (
        <Text key={comment.id} size="sm">
          <Text span fw={600}>
            {/* The Dexter author; upstream every comment made here is Dexter's one Sentry identity. */}
            {comment.author?.name ?? comment.user?.name ?? comment.user?.email ?? 'Someone'}:
          </Text>{' '}
          {comment.text}
        </Text>
      ))}
      <form
        noValidate
        onSubmit={form.onSubmit(({ text }) => add.mutate(text.trim(), { onSuccess: () => form.reset() }))}
      >
        <Textarea
          aria-label="New comment"
          placeholder="Add a comment"
          autosize
          minRows={2}
          {...form.getInputProps('text')}
        />
        <Button type="submit" size="xs" mt={6} loading={add.isPending}>
          Comment
        </Button>
      </form>
    </Panel>
  );
}
