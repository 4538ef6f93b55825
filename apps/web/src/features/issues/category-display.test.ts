import { describe, expect, it } from 'vitest';
import { categoryDisplay } from './category-display';

describe('categoryDisplay', () => {
  it('states a confident category as it is', () => {
    expect(categoryDisplay({ id: 'network', label: 'Network', confidence: 0.92 })).toEqual({
      text: 'Network',
      uncertain: false,
    });
  });

  it('asks rather than states a category the classifier barely prefers', () => {
    expect(categoryDisplay({ id: 'ui_rendering', label: 'UI rendering', confidence: 0.11 })).toEqual({
      text: 'UI rendering?',
      uncertain: true,
    });
  });
});
