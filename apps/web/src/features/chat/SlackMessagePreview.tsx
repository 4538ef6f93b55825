/**
 * What Dexter posts, drawn as Slack shows it: the header with the short id and title, the culprit,
 * the four figures, the text sparkline of the last day, and the buttons. A sample issue; the
 * server's Block Kit builder (features/chat/slack-blocks.ts) makes the real message.
 */
import { Badge, Button, Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';

const SAMPLE = {
  shortId: 'CHECKOUT-1A',
  title: "TypeError: Cannot read properties of undefined (reading 'total')",
  culprit: 'computeTotals(app/checkout/cart.js)',
  figures: [
    ['Events', '1,284'],
    ['Users', '311'],
    ['Release', 'checkout@2.4.1'],
    ['Status', 'Unresolved'],
  ],
  sparkline: '▁▁▁▂▁▁▂▃▂▂▃▅▆▅▇█▆▅▄▃▃▂▂▃',
};

export function SlackMessagePreview() {
  return (
    <Paper withBorder p="md" aria-label="Message preview">
      <Stack gap="xs">
        <Title order={3} fz="md">
          Message preview
        </Title>
        <Paper withBorder p="sm" radius="sm" bg="var(--mantine-color-body)" data-testid="slack-preview">
          <Group gap={6} mb={4}>
            <Text fw={700} size="sm">
              Dexter
            </Text>
            <Badge size="xs" variant="light" color="gray">
              APP
            </Badge>
          </Group>
          <Text fw={800} size="md">
            {SAMPLE.shortId}: {SAMPLE.title}
          </Text>
          <Code mt={4}>{SAMPLE.culprit}</Code>
          <SimpleGrid cols={2} spacing={4} mt="xs" maw={420}>
            {SAMPLE.figures.map(([label, value]) => (
              <div key={label}>
                <Text size="xs" fw={700}>
                  {label}
                </Text>
                <Text size="sm">{value}</Text>
              </div>
            ))}
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt="xs">
            Last 24 h <Code>{SAMPLE.sparkline}</Code>
          </Text>
          <Group gap="xs" mt="sm">
            <Button size="compact-xs" color="green">
              Resolve
            </Button>
            <Button size="compact-xs" variant="default">
              Ignore…
            </Button>
            <Button size="compact-xs" variant="default">
              Assign to me
            </Button>
            <Button size="compact-xs" variant="default">
              Open in Dexter
            </Button>
          </Group>
          <Text size="xs" c="dimmed" mt="xs">
            checkout · error · New issue
          </Text>
        </Paper>
        <Text size="xs" c="dimmed">
          Teams gets the same content as an Adaptive Card with “Open in Dexter” (webhooks cannot carry buttons
          that change the issue).
        </Text>
      </Stack>
    </Paper>
  );
}
