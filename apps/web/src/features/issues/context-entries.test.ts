import { describe, expect, it } from 'vitest';
import { contextSections } from './context-entries';

describe('contextSections', () => {
  it('makes one section per context with dotted keys for nested values', () => {
    expect(
      contextSections({ os: { name: 'Linux', kernel: { version: '6.1' } }, runtime: { name: 'node' } }),
    ).toEqual([
      {
        name: 'os',
        rows: [
          ['name', 'Linux'],
          ['kernel.version', '6.1'],
        ],
      },
      { name: 'runtime', rows: [['name', 'node']] },
    ]);
  });

  it('indexes arrays, prints scalars as text and skips null values', () => {
    expect(contextSections({ app: { ids: [1, 2], ok: true, gone: null } })).toEqual([
      {
        name: 'app',
        rows: [
          ['ids.0', '1'],
          ['ids.1', '2'],
          ['ok', 'true'],
        ],
      },
    ]);
  });

  it('shows a bare scalar context under "value" and drops empty ones', () => {
    expect(contextSections({ trace: 'abc', empty: {} })).toEqual([
      { name: 'trace', rows: [['value', 'abc']] },
    ]);
  });

  it('caps rows and value length so a huge context cannot flood the page', () => {
    const big = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 'x'.repeat(2000)]));
    const [section] = contextSections({ big });
    expect(section?.rows).toHaveLength(100);
    expect(section?.rows[0]?.[1]).toHaveLength(501);
  });

  it('prints what lies below the depth cap as JSON', () => {
    const deep = { a: { b: { c: { d: { e: { f: 1 } } } } } };
    expect(contextSections({ deep })).toEqual([{ name: 'deep', rows: [['a.b.c.d.e', '{"f":1}']] }]);
  });
});
