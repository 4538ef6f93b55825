/**
 * How a confidence reads. The number is a calibrated probability (the share of matches like this
 * one that were right), so it is shown as a percentage next to words that say what it means; a
 * pinned pair says who confirmed it instead of a number.
 */
import type { FeedbackRecord, MatchLevel } from '@dexter/contracts';
import { formatExactCount } from '../issues/issue-display';

const LEVEL_WORDS: Record<MatchLevel, string> = {
  confirmed: 'same bug',
  likely: 'likely same bug',
  possible: 'possibly same bug',
};

const LEVEL_COLORS: Record<MatchLevel, string> = { confirmed: 'teal', likely: 'green', possible: 'yellow' };

export const levelColor = (level: MatchLevel): string => LEVEL_COLORS[level];

export const formatPercent = (confidence: number): string => `${Math.round(confidence * 100)} %`;

/** "likely same bug 72 %", "possibly same bug 18 %", "same bug · confirmed by Ada". */
export function confidenceLabel(
  level: MatchLevel,
  confidence: number,
  feedback?: FeedbackRecord | null,
): string {
  if (level === 'confirmed')
    return feedback ? `same bug · confirmed by ${feedback.userName}` : 'same bug · confirmed';
  return `${LEVEL_WORDS[level]} ${formatPercent(confidence)}`;
}

/** Evidence as words: which parts of the two issues agree. */
export function evidenceSummary(
  features: {
    frames: number;
    type: number;
    message: number;
  },
  alignedCount: number,
): string {
  const parts = [`${alignedCount} aligned ${alignedCount === 1 ? 'frame' : 'frames'}`];
  if (features.type === 1) parts.push('same exception type');
  if (features.message >= 0.8) parts.push('same message');
  else if (features.message >= 0.4) parts.push('similar message');
  return parts.join(' · ');
}

/**
 * How many users a cluster's issues reached, stated as exactly as the counts allow: one user may be
 * counted in several issues, so the truth lies between the largest member's count and the sum.
 * "no users recorded" when no member has any (an SDK that sends no user), never "up to 0 users".
 */
export function clusterUsers(userCounts: readonly number[]): string {
  const most = Math.max(0, ...userCounts);
  const sum = userCounts.reduce((total, n) => total + n, 0);
  if (sum === 0) return 'no users recorded';
  const unit = sum === 1 ? 'user' : 'users';
  return most === sum
    ? `${formatExactCount(sum)} ${unit}`
    : `${formatExactCount(most)}–${formatExactCount(sum)} ${unit}`;
}
