/** The similarity contract refuses what the server must never accept or send. */
import { describe, expect, it } from 'vitest';
import {
  SimilarityActionInputSchema,
  SimilarityFeaturesSchema,
  SimilarityFeedbackInputSchema,
} from './similarity';

describe('similarity contracts', () => {
  it('a verdict names two different numeric issues', () => {
    expect(
      SimilarityFeedbackInputSchema.safeParse({ issueA: '1', issueB: '2', verdict: 'same' }).success,
    ).toBe(true);
    expect(
      SimilarityFeedbackInputSchema.safeParse({ issueA: '1', issueB: '1', verdict: 'same' }).success,
    ).toBe(false);
    expect(
      SimilarityFeedbackInputSchema.safeParse({ issueA: '1', issueB: '../2', verdict: 'different' }).success,
    ).toBe(false);
    expect(
      SimilarityFeedbackInputSchema.safeParse({ issueA: '1', issueB: '2', verdict: 'maybe' }).success,
    ).toBe(false);
  });

  it('features are probabilities', () => {
    const features = { frames: 1, frameSet: 0.5, type: 0, message: 0.2, recency: 1 };
    expect(SimilarityFeaturesSchema.safeParse(features).success).toBe(true);
    expect(SimilarityFeaturesSchema.safeParse({ ...features, frames: 1.2 }).success).toBe(false);
  });

  it('a bulk action takes between 1 and 100 issue ids', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));
    expect(SimilarityActionInputSchema.safeParse({ action: 'merge', issueIds: ids(2) }).success).toBe(true);
    expect(SimilarityActionInputSchema.safeParse({ action: 'merge', issueIds: [] }).success).toBe(false);
    expect(SimilarityActionInputSchema.safeParse({ action: 'resolve', issueIds: ids(101) }).success).toBe(
      false,
    );
    expect(SimilarityActionInputSchema.safeParse({ action: 'delete', issueIds: ids(1) }).success).toBe(false);
  });
});
