/** One deploy, opened from its marker on the timeline: where it went, when, and what the regression check said. */
import type { DeployNotice, TimelineDeploy } from '@dexter/contracts';
import { Alert, Anchor, Drawer, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { KeyValueTable } from '../../components/KeyValueTable';
import { EnvironmentBadge } from './ReleaseBadges';
import { releasePath } from './releases-queries';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

interface DeployDrawerProps {
  org: string;
  deploy: TimelineDeploy | null;
  notice: DeployNotice | null;
  onClose(): void;
}

export function DeployDrawer({ org, deploy, notice, onClose }: DeployDrawerProps) {
  return (
    <Drawer
      opened={deploy !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={<Text fw={650}>Deploy</Text>}
      data-testid="deploy-drawer"
    >
      {deploy && (
        <Stack gap="md">
          <Group gap="xs">
            <Anchor component={Link} to={releasePath(org, deploy.release)} ff="monospace" fw={600}>
              {deploy.release}
            </Anchor>
            <Text c="dimmed">to</Text>
            <EnvironmentBadge environment={deploy.environment} />
          </Group>
          <KeyValueTable
            label="Deploy facts"
            testId="deploy-facts"
            rows={[
              ['Name', deploy.name ?? '—'],
              ['Started', when(deploy.dateStarted)],
              ['Finished', when(deploy.dateFinished)],
              ['Projects', deploy.projects.join(', ') || '—'],
              [
                'URL',
                deploy.url ? (
                  <Anchor key="url" href={deploy.url} target="_blank" rel="noreferrer" size="sm">
                    {deploy.url}
                  </Anchor>
                ) : (
                  '—'
                ),
              ],
            ]}
          />
          <NoticePanel notice={notice} />
        </Stack>
      )}
    </Drawer>
  );
}

const rate = (perMinute: number) => `${perMinute.toFixed(perMinute < 1 ? 2 : 1)}/min`;
const pValue = (p: number) => (p < 0.0001 ? p.toExponential(1) : p.toPrecision(2));

/** The regression check's verdict on one deploy, as the drawer and the release page show it. */
export function NoticePanel({ notice }: { notice: DeployNotice | null }) {
  if (!notice) {
    return (
      <Alert color="gray" variant="light" title="Not checked yet" data-testid="deploy-notice">
        The regression check compares the hour after a deploy with the hour before, once that hour has passed.
      </Alert>
    );
  }
  return (
    <Alert
      color={notice.flagged ? 'red' : 'green'}
      variant="light"
      title={notice.flagged ? 'This deploy looks bad' : 'No regression detected'}
      data-testid="deploy-notice"
      data-flagged={notice.flagged}
    >
      <Stack gap="xs">
        <Text size="sm">{notice.summary}</Text>
        <Table fz="xs" withRowBorders={false} verticalSpacing={2} maw={460}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th ta="right">{notice.windowMinutes} min before</Table.Th>
              <Table.Th ta="right">after</Table.Th>
              <Table.Th ta="right">p</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr>
              <Table.Td>Errors</Table.Td>
              <Table.Td ta="right">
                {notice.errors.before} ({rate(notice.errors.rateBefore)})
              </Table.Td>
              <Table.Td ta="right" fw={notice.errors.flagged ? 700 : 400}>
                {notice.errors.after} ({rate(notice.errors.rateAfter)})
              </Table.Td>
              <Table.Td ta="right">{pValue(notice.errors.pValue)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>New issues</Table.Td>
              <Table.Td ta="right">{notice.newIssues.before}</Table.Td>
              <Table.Td ta="right" fw={notice.newIssues.flagged ? 700 : 400}>
                {notice.newIssues.after}
              </Table.Td>
              <Table.Td ta="right">{pValue(notice.newIssues.pValue)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Stack>
    </Alert>
  );
}
