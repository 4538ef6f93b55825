/**
 * The detail page's side panels from the context facade: tag value distributions as bars, the
 * issue's events with previous/next, activity, and comments (with a form to add one). A part the
 * facade could not fetch says why in its own panel; the others still show.
 */
import {
  type Activity,
  type Event,
  type EventSummary,
  IssueCommentBodySchema,
  type PartError,
  type TagSummary,
} from '@dexter/contracts';
import { Anchor, Button, Group, Paper, Progress, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { RelativeTime } from '../../components/RelativeTime';
import { schemaRule } from '../../lib/form-rules';
import { useNow } from '../../lib/use-now';
import { issueCommentsQueryOptions, issueContextQueryOptions, useAddComment } from './issue-context-queries';

export function IssueContextPanels({
  org,
  issueId,
  event,
  issuePath,
}: {
  org: string;
  issueId: string;
  /** The event on screen: its tag values are marked in the distributions, its row in the list. */
  event: Event | null;
  /** `/:org/issues/:issue` as in the URL, for the events' links. */
  issuePath: string;
}) {
  const context = useQuery(issueContextQueryOptions(org, issueId));
  if (!context.data) return null;
  const { tags, events, activity } = context.data;
  return (
    <Stack gap="md">
      <Panel title="Tags" testId="issue-tags">
        {tags.ok ? (
          <TagBars tags={tags.data} eventTags={event?.tags ?? []} />
        ) : (
          <PartFailed error={tags.error} />
        )}
      </Panel>
      <Panel title="Recent events" testId="issue-events">
        {events.ok ? (
          <EventLinks events={events.data.events} currentId={event?.id ?? null} issuePath={issuePath} />
        ) : (
          <PartFailed error={events.error} />
        )}
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

/**
 * The issue's tags once: each key's value distribution, the value of the event on screen marked
 * (and added under the bars when it is not among the top values), then the event's tags that
 * have no distribution.
 */
function TagBars({
  tags,
  eventTags,
}: {
  tags: readonly TagSummary[];
  eventTags: readonly { key: string; value: string }[];
}) {
  const ofEvent = new Map(eventTags.map((tag) => [tag.key, tag.value]));
  const summarized = new Set(tags.map((tag) => tag.key));
  const onlyOnEvent = eventTags.filter((tag) => !summarized.has(tag.key));
  if (tags.length === 0 && onlyOnEvent.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No tags.
      </Text>
    );
  return (
    <>
      {tags.map((tag) => {
        const mine = ofEvent.get(tag.key);
        const top = tag.topValues.slice(0, 5);
        return (
          <div key={tag.key} data-testid="tag-summary" data-key={tag.key}>
            <Text size="xs" fw={600}>
              {tag.key}
            </Text>
            {top.map((value) => {
              const share = tag.totalValues > 0 ? (value.count / tag.totalValues) * 100 : 0;
              const current = mine !== undefined && value.value === mine;
              return (
                <Group
                  key={value.value ?? '(none)'}
                  gap={6}
                  wrap="nowrap"
                  data-current={current || undefined}
                >
                  <Text
                    size="xs"
                    w={120}
                    truncate
                    fw={current ? 700 : undefined}
                    title={current ? `${value.value} (this event)` : (value.value ?? '(none)')}
                  >
                    {current ? '● ' : ''}
                    {value.value ?? '(none)'}
                  </Text>
                  <Progress
                    value={share}
                    size="sm"
                    style={{ flex: 1 }}
                    aria-label={`${tag.key} ${value.value}`}
                  />
                  <Text size="xs" c="dimmed" w={40} ta="right">
                    {Math.round(share)}%
                  </Text>
                </Group>
              );
            })}
            {mine !== undefined && !top.some((value) => value.value === mine) && (
              <Text size="xs" fw={700} truncate title="The value of this event">
                ● {mine}{' '}
                <Text span inherit c="dimmed" fw={400}>
                  (this event)
                </Text>
              </Text>
            )}
          </div>
        );
      })}
      {onlyOnEvent.map((tag) => (
        <Group key={tag.key} gap={6} wrap="nowrap" data-testid="event-only-tag">
          <Text size="xs" fw={600}>
            {tag.key}
          </Text>
          <Text size="xs" truncate title={tag.value}>
            {tag.value}
          </Text>
        </Group>
      ))}
    </>
  );
}

/** The issue's latest events, each a link to its own page; the one on screen is marked. */
function EventLinks({
  events,
  currentId,
  issuePath,
}: {
  events: readonly EventSummary[];
  currentId: string | null;
  issuePath: string;
}) {
  const now = useNow();
  const state: unknown = useLocation().state;
  if (events.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No events.
      </Text>
    );
  return events.slice(0, 10).map((event) => {
    const current = event.id === currentId;
    return (
      <Anchor
        key={event.id}
        component={Link}
        to={`${issuePath}/events/${encodeURIComponent(event.id)}`}
        state={state}
        underline="never"
        c="inherit"
        data-testid="event-link"
        data-current={current || undefined}
        aria-current={current ? 'page' : undefined}
      >
        <Text size="xs" ff="monospace" fw={current ? 700 : undefined}>
          {current ? '● ' : ''}
          {event.id.slice(0, 12)}
          <Text span inherit c="dimmed" ff="var(--mantine-font-family)">
            {' · '}
            <RelativeTime value={event.dateCreated} now={now} />
            {event.user ? ` · ${event.user}` : ''}
          </Text>
        </Text>
      </Anchor>
    );
  });
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
