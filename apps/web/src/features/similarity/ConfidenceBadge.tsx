/**
 * The one way a confidence is shown (suggestions and clusters alike): words plus a percentage, the
 * level as colour, and what the number means on hover. Data attributes carry the raw values for tests.
 */
import type { FeedbackRecord, MatchLevel } from '@dexter/contracts';
import { Badge, Tooltip } from '@mantine/core';
import { confidenceLabel, levelColor } from './similarity-display';

const EXPLAIN: Record<MatchLevel, string> = {
  confirmed: 'Someone on the team said these are the same bug.',
  likely: 'Calibrated probability: of matches this strong, more than half were the same bug.',
  possible: 'Calibrated probability: worth a look; compare the stacks before acting.',
};

/** A match's or cluster's confidence, in words and as a percentage, with what it means on hover. */
export function ConfidenceBadge(props: {
  level: MatchLevel;
  confidence: number;
  feedback?: FeedbackRecord | null;
  testId?: string;
}) {
  const { level, confidence, feedback, testId = 'match-confidence' } = props;
  return (
    <Tooltip label={EXPLAIN[level]} multiline w={280} withArrow>
      <Badge
        color={levelColor(level)}
        variant={level === 'possible' ? 'light' : 'filled'}
        radius="sm"
        tt="none"
        data-testid={testId}
        data-level={level}
        data-confidence={confidence.toFixed(3)}
        style={{ flexShrink: 0 }}
      >
        {confidenceLabel(level, confidence, feedback)}
      </Badge>
    </Tooltip>
  );
}
