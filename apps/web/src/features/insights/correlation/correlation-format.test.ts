import { describe, expect, it } from 'vitest';
import { directionText, formatP, lagText, pText } from './correlation-format';

describe('correlation figures in words', () => {
  it('states the lag with its direction', () => {
    expect(lagText({ lag: 2 }, 'Checkouts')).toBe('Checkouts moves 2 hours after the errors');
    expect(lagText({ lag: -1 }, 'Checkouts')).toBe('Checkouts moves 1 hour before the errors');
    expect(lagText({ lag: 0 }, 'Checkouts')).toBe('Checkouts moves in the same hour as the errors');
  });

  it('formats p and the strength of r', () => {
    expect(formatP(0.0312)).toBe('0.031');
    expect(formatP(2e-9)).toBe('2.0 × 10⁻⁹');
    expect(formatP(2e-16)).toBe('< 10⁻¹⁵');
    expect(formatP(0)).toBe('< 10⁻¹⁵');
    expect(pText(0)).toBe('p < 10⁻¹⁵');
    expect(pText(0.2)).toBe('p = 0.20');
    expect(directionText(-0.98)).toBe('strong negative');
    expect(directionText(0.45)).toBe('moderate positive');
  });
});
