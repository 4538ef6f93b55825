/**
 * The selected span's facts beside the waterfall: what it did, in which service, when and for how
 * long, its attributes, and the errors captured in it (each a link to its issue).
 */
import type { TraceErrorRow, TraceSpanRow } from '@dexter/contracts';
import { Anchor, Badge, CloseButton, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { KeyValueTable } from '../../components/KeyValueTable';
import { attributeRows } from './span-attributes';
import { formatDuration } from './waterfall-model';

interface SpanDetailsProps {
  org: string;
  span: TraceSpanRow;
  traceStart: number;
  color: string;
  onClose: () => void;
}

export function SpanDetails({ org, span, traceStart, color, onClose }: SpanDetailsProps) {
  const attributes = attributeRows(span.attributes);
  return (
    <Paper withBorder p="md" component="aside" aria-label="Span details">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={3} fz="md">
              {span.op || 'span'}
            </Title>
            <Text size="sm" style={{ wordBreak: 'break-word' }}>
              {span.description}
            </Text>
          </Stack>
          <CloseButton aria-label="Close span details" onClick={onClose} />
        </Group>
        <Group gap="xs">
          <Badge color={color} variant="light">
            {span.project}
          </Badge>
          {span.isTransaction && <Badge variant="outline">transaction</Badge>}
          {span.status && (
            <Badge color={span.status === 'ok' ? 'green' : 'red'} variant="light">
              {span.status}
            </Badge>
          )}
        </Group>
        {span.errors.length > 0 && <SpanErrors org={org} errors={span.errors} />}
        <KeyValueTable
          label="Span"
          rows={[
            ['Duration', formatDuration(span.duration)],
            ['Starts at', `+${formatDuration(span.start - traceStart)}`],
            ['Transaction', span.transaction],
            ['Span ID', <Code key="id">{span.id}</Code>],
            ['Parent span', span.parentId && <Code key="parent">{span.parentId}</Code>],
            ['Transaction ID', span.transactionId && <Code key="tx">{span.transactionId}</Code>],
            ['SDK', span.sdkName],
            ['Nested spans', span.descendants > 0 ? String(span.descendants) : null],
          ]}
        />
        {attributes.length > 0 && (
          <Stack gap={4}>
            <Title order={4} fz="sm">
              Attributes
            </Title>
            <KeyValueTable label="Span attributes" rows={attributes} />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function SpanErrors({ org, errors }: { org: string; errors: readonly TraceErrorRow[] }) {
  return (
    <Stack gap={4} role="list" aria-label="Errors in this span">
      <Title order={4} fz="sm" c="red">
        {errors.length === 1 ? 'Error in this span' : `${errors.length} errors in this span`}
      </Title>
      {errors.map((error) => (
        <Paper key={error.eventId} role="listitem" p="xs" bg="var(--mantine-color-red-light)">
          <Text size="sm" fw={600} style={{ wordBreak: 'break-word' }}>
            {error.issueId ? (
              <Anchor component={Link} to={`/${encodeURIComponent(org)}/issues/${error.issueId}`} inherit>
                {error.title}
              </Anchor>
            ) : (
              error.title
            )}
          </Text>
          <Text size="xs" c="dimmed">
            {[error.shortId, error.level, error.culprit].filter(Boolean).join(' · ')}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
