/** Confidence labels say what the number means, and who confirmed a pinned pair. */
import { describe, expect, it } from 'vitest';
import { clusterUsers, confidenceLabel, evidenceSummary } from './similarity-display';

describe('confidence labels', () => {
  it('says what the number means, as a percentage', () => {
    expect(confidenceLabel('likely', 0.724)).toBe('likely same bug 72 %');
    expect(confidenceLabel('possible', 0.18)).toBe('possibly same bug 18 %');
  });

  it('names who confirmed a pinned pair instead of a number', () => {
    const feedback = { verdict: 'same' as const, userName: 'Ada', createdAt: '2024-05-01T00:00:00Z' };
    expect(confidenceLabel('confirmed', 1, feedback)).toBe('same bug · confirmed by Ada');
  });

  it('summarizes the evidence', () => {
    expect(evidenceSummary({ frames: 0.8, type: 1, message: 1 }, 3)).toBe(
      '3 aligned frames · same exception type · same message',
    );
    expect(evidenceSummary({ frames: 0.1, type: 0, message: 0 }, 1)).toBe('1 aligned frame');
  });

  it('states the users of a cluster as a range, exact when only one issue has any, never "up to 0"', () => {
    expect(clusterUsers([0, 0, 0])).toBe('no users recorded');
    expect(clusterUsers([])).toBe('no users recorded');
    expect(clusterUsers([0, 7, 0])).toBe('7 users');
    expect(clusterUsers([1, 0])).toBe('1 user');
    expect(clusterUsers([5, 4, 1])).toBe('5–10 users');
    expect(clusterUsers([1200, 300])).toBe('1,200–1,500 users');
  });
});
