import { Kbd, Modal, Stack, Table, Text } from '@mantine/core';
import { useMatch } from 'react-router-dom';
import { KEY_LABELS, SHORTCUT_SECTIONS, type ShortcutSection } from './shortcut-registry';

/**
 * The `?` overlay: every section of the shortcut registry, the current page's first (from the
 * route, unless `current` says), so help
 * never drifts from what the keys do (the pages' handlers read the same tables).
 */
export function KeyboardHelp({
  opened,
  onClose,
  current,
}: {
  opened: boolean;
  onClose: () => void;
  current?: ShortcutSection['id'];
}) {
  const onIssue = useMatch('/:org/issues/:issueId/*') !== null;
  const onStream = useMatch('/:org/issues') !== null;
  const here = current ?? (onIssue ? 'issue' : onStream ? 'stream' : 'everywhere');
  const sections = [...SHORTCUT_SECTIONS].sort((a, b) => Number(b.id === here) - Number(a.id === here));
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="lg" data-testid="keyboard-help">
      <Stack gap="md">
        {sections.map((section) => (
          <div key={section.id} data-testid="shortcut-section" data-section={section.id}>
            <Text fw={600} size="sm" mb={4}>
              {section.title}
            </Text>
            <Table verticalSpacing={4}>
              <Table.Tbody>
                {section.rows.map((row) => (
                  <Table.Tr key={row.keys.join(' ')}>
                    <Table.Td w={120}>
                      {row.keys.map((key) => (
                        <Kbd key={key} mr={4}>
                          {KEY_LABELS[key] ?? key}
                        </Kbd>
                      ))}
                    </Table.Td>
                    <Table.Td>{row.description}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        ))}
      </Stack>
    </Modal>
  );
}
