import type { Event } from '@dexter/contracts';
import { Code, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { KeyValueTable } from '../../components/KeyValueTable';
import { toIsoTime } from '../../lib/relative-time';
import { traceLinkFor } from '../traces/TraceLink';
import { contextSections } from './context-entries';

/** The event's facts beside the stack trace: summary, user, request, contexts (tags: the Tags panel). */
export function EventDetails({ event }: { event: Event }) {
  const org = useParams().org ?? '';
  return (
    <Stack gap="lg">
      <Section title="Event">
        <KeyValueTable
          label="Event"
          testId="event-summary"
          rows={[
            ['Event ID', <Code key="id">{event.id}</Code>],
            ['Received', toIsoTime(event.dateCreated)],
            ['Release', event.release],
            ['Environment', event.environment],
            ['Platform', event.platform],
            ['Request', event.request && [event.request.method, event.request.url].filter(Boolean).join(' ')],
            ['Trace', traceLinkFor(org, event)],
          ]}
        />
      </Section>
      {event.user && (
        <Section title="User">
          <KeyValueTable
            label="User"
            testId="event-user"
            rows={[
              ['ID', event.user.id],
              ['Email', event.user.email],
              ['Username', event.user.username],
              ['IP address', event.user.ipAddress],
            ]}
          />
        </Section>
      )}
      {/* The event's tags show once, in the Tags panel, marked among the values. */}
      {contextSections(event.contexts).map((section) => (
        <Section key={section.name} title={section.name} level={4}>
          <KeyValueTable label={`Context ${section.name}`} rows={section.rows} />
        </Section>
      ))}
    </Stack>
  );
}

function Section({ title, level = 3, children }: { title: string; level?: 3 | 4; children: ReactNode }) {
  return (
    <Stack gap={4} component="section">
      <Title order={level} tt={level === 4 ? 'capitalize' : undefined}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}
