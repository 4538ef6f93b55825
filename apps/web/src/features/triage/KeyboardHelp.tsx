import { Kbd, Modal, Table } from '@mantine/core';
import { TRIAGE_KEYMAP } from './keymap';

const KEY_LABELS: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑', Escape: 'Esc' };

/** The `?` dialog: the keymap table itself, so help never drifts from what the keys do. */
export function KeyboardHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" data-testid="keyboard-help">
      <Table>
        <Table.Tbody>
          {TRIAGE_KEYMAP.map((binding) => (
            <Table.Tr key={binding.command}>
              <Table.Td>
                {binding.keys.map((key) => (
                  <Kbd key={key} mr={4}>
                    {KEY_LABELS[key] ?? key}
                  </Kbd>
                ))}
              </Table.Td>
              <Table.Td>{binding.description}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
