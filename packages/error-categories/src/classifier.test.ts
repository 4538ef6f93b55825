import { lookupKey } from '@dexter/search-syntax';
import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS } from './categories';
import { classifyError } from './classifier';
import { DatasetFormatError, parseLabeledEvents } from './dataset';
import { computeMetrics } from './eval/metrics';
import { readLabeledSet } from './eval/read-dataset';
import { featuresOf } from './features';
import { splitOf } from './split';
import { fitOnDev } from './train/fit';
import { TRAINED_MODEL } from './trained-model';

describe('classifyError', () => {
  it('names the category of errors written unlike any in the labeled set', () => {
    expect(
      classifyError({
        platform: 'node',
        type: 'Error',
        value: 'connect ECONNREFUSED 10.9.8.7:5433',
        frames: [{ module: 'node:net', function: 'afterConnect' }],
      }).category,
    ).toBe('network');
    expect(
      classifyError({
        platform: 'python',
        type: 'AttributeError',
        value: "'NoneType' object has no attribute 'shipping_address'",
      }).category,
    ).toBe('null_access');
    expect(
      classifyError({
        platform: 'java',
        type: 'org.postgresql.util.PSQLException',
        value: 'ERROR: duplicate key value violates unique constraint "carts_pkey"',
      }).category,
    ).toBe('database');
  });

  it('gives a confidence between 0 and 1, lower for an event with no recognizable cue', () => {
    const clear = classifyError({ type: 'java.lang.OutOfMemoryError', value: 'Java heap space' });
    const vague = classifyError({ type: 'Error', value: 'something went wrong' });
    expect(clear.category).toBe('resource_exhaustion');
    expect(clear.confidence).toBeGreaterThan(0.5);
    expect(clear.confidence).toBeLessThanOrEqual(1);
    expect(vague.confidence).toBeGreaterThanOrEqual(0);
    expect(vague.confidence).toBeLessThan(clear.confidence);
  });

  it('bounds its input: a megabyte message and thousands of frames cost no more than a few frames', () => {
    const huge = {
      type: 'Error',
      value: 'timeout '.repeat(130_000),
      frames: Array.from({ length: 5000 }, (_, i) => ({ module: `m${i}`, function: 'f'.repeat(10_000) })),
    };
    const started = performance.now();
    expect(classifyError(huge).category).toBe('timeout');
    expect(featuresOf(huge).filter((token) => token.startsWith('f:')).length).toBeLessThanOrEqual(8 * 3);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('the labeled set and its split', () => {
  const events = readLabeledSet();

  it('holds at least 300 events from at least 5 platforms, every category labeled', () => {
    expect(events.length).toBeGreaterThanOrEqual(300);
    expect(new Set(events.map((e) => e.platform)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(events.map((e) => e.label)).size).toBe(12);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('splits by the id alone, about 60 % dev, as data/split.json records', async () => {
    const { default: recorded } = await import('../data/split.json');
    const dev = events.filter((e) => splitOf(e.id) === 'dev').map((e) => e.id);
    expect(dev.length / events.length).toBeGreaterThan(0.5);
    expect(dev.length / events.length).toBeLessThan(0.7);
    expect(dev).toEqual(recorded.dev);
  });

  it('has committed weights that the training script reproduces from the dev split alone', () => {
    const dev = events.filter((e) => splitOf(e.id) === 'dev');
    expect(fitOnDev(dev).model).toEqual(TRAINED_MODEL);
  });

  it('refuses a malformed line and names it', () => {
    expect(() => parseLabeledEvents('{"id":"x"}\n', 'bad.jsonl')).toThrow(DatasetFormatError);
    expect(() =>
      parseLabeledEvents(
        '{"id":"x","platform":"go","type":"E","value":"v","frames":[],"label":"weather"}',
        'bad.jsonl',
      ),
    ).toThrow('bad.jsonl:1: unknown label "weather"');
  });
});

describe('computeMetrics', () => {
  it('computes precision and recall per category and averages over categories present', () => {
    const m = computeMetrics([
      { truth: 'network', predicted: 'network' },
      { truth: 'network', predicted: 'timeout' },
      { truth: 'timeout', predicted: 'timeout' },
    ]);
    const network = m.perCategory.find((c) => c.category === 'network');
    const timeout = m.perCategory.find((c) => c.category === 'timeout');
    expect(network).toMatchObject({ precision: 1, recall: 0.5 });
    expect(timeout).toMatchObject({ precision: 0.5, recall: 1 });
    expect(m.macroPrecision).toBe(0.75);
    expect(m.macroRecall).toBe(0.75);
  });
});

describe('the search key', () => {
  it('offers exactly the classifier categories as category: values', () => {
    expect(lookupKey('category')?.values).toEqual([...CATEGORY_IDS]);
  });
});
