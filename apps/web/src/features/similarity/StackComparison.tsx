/**
 * Side-by-side stacks of two issues for the "Compare stacks" evidence. Invariant: frames arrive top of
 * the stack first and `aligned` indexes into them, so the same pair number marks the same frame on
 * both sides.
 */
import type { AlignedFrame, SimilarityFrame, SimilarStack } from '@dexter/contracts';
import { Badge, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import classes from './StackComparison.module.css';

/**
 * Two stacks side by side, top of the stack first (the engine's order: the crashing frame leads),
 * each frame the engine aligned with the other side highlighted and numbered, so the same number
 * marks the same frame on both sides.
 */
export function StackComparison({
  left,
  right,
  aligned,
  leftTitle,
  rightTitle,
}: {
  left: SimilarStack;
  right: SimilarStack;
  aligned: readonly AlignedFrame[];
  leftTitle: string;
  rightTitle: string;
}) {
  const leftPairs = new Map(aligned.map((pair, i) => [pair.query, i + 1]));
  const rightPairs = new Map(aligned.map((pair, i) => [pair.candidate, i + 1]));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" data-testid="stack-comparison">
      <StackColumn title={leftTitle} stack={left} pairs={leftPairs} side="left" />
      <StackColumn title={rightTitle} stack={right} pairs={rightPairs} side="right" />
    </SimpleGrid>
  );
}

function StackColumn(props: {
  title: string;
  stack: SimilarStack;
  pairs: ReadonlyMap<number, number>;
  side: 'left' | 'right';
}) {
  const { title, stack, pairs, side } = props;
  return (
    <Paper withBorder p="xs" data-testid={`stack-${side}`}>
      <Stack gap={4}>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {title}
        </Text>
        <Text size="sm" ff="monospace" fw={600} style={{ wordBreak: 'break-word' }}>
          {[stack.exceptionType, stack.message].filter(Boolean).join(': ') || 'No exception'}
        </Text>
        {stack.frames.length === 0 && (
          <Text size="sm" c="dimmed">
            No stack frames.
          </Text>
        )}
        <ol className={classes.frames}>
          {stack.frames.map((frame, index) => (
            // Frames have no id; the position in one stack is stable.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <FrameLine key={index} frame={frame} pair={pairs.get(index)} />
          ))}
        </ol>
      </Stack>
    </Paper>
  );
}

function FrameLine({ frame, pair }: { frame: SimilarityFrame; pair: number | undefined }) {
  const where = [frame.module ?? frame.file, frame.line === null ? null : `line ${frame.line}`]
    .filter(Boolean)
    .join(' · ');
  return (
    <li
      className={classes.frame}
      data-testid="compare-frame"
      data-aligned={pair !== undefined}
      data-in-app={frame.inApp === true}
    >
      <Group gap={6} wrap="nowrap" align="baseline">
        {pair !== undefined ? (
          <Badge size="xs" variant="filled" color="teal" title="Aligned with the frame of the same number">
            {pair}
          </Badge>
        ) : (
          <span className={classes.spacer} />
        )}
        <span className={classes.function}>{frame.function ?? '<anonymous>'}</span>
        {where && (
          <Text span size="xs" c="dimmed">
            {where}
          </Text>
        )}
      </Group>
    </li>
  );
}
