import { describe, expect, it } from 'vitest';
import { formatCount, formatExactCount, levelColor, statusColor } from './issue-display';

describe('issue display helpers', () => {
  it('colours known levels and statuses', () => {
    expect(levelColor('error')).toBe('red');
    expect(statusColor('resolved')).toBe('green');
  });

  it('gives values Sentry may add later a neutral colour', () => {
    expect(levelColor('catastrophic')).toBe('gray');
    expect(statusColor('reprocessing')).toBe('gray');
  });

  it('abbreviates large counts and keeps small ones exact', () => {
    expect(formatCount(950)).toBe('950');
    expect(formatCount(12_345)).toBe('12.3K');
    expect(formatExactCount(12_345)).toBe('12,345');
  });
});
