import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { customJsonSchemaOf, IssueListSchema, SparklineSchema } from './issues';

describe('SparklineSchema', () => {
  it('accepts pairs of numbers, oldest first, and an empty series', () => {
    expect(
      SparklineSchema.parse([
        [1, 0],
        [2, 5],
      ]),
    ).toEqual([
      [1, 0],
      [2, 5],
    ]);
    expect(SparklineSchema.parse([])).toEqual([]);
  });

  it('refuses anything but pairs of numbers, with a message that says what it expected', () => {
    for (const bad of [[[1]], [[1, 2, 3]], [[1, '2']], [{ 0: 1, 1: 2 }], 'x', null, { '24h': [] }]) {
      const result = SparklineSchema.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/sparkline/);
    }
  });

  it('fails the issue list it is part of when a point is wrong', () => {
    const list = { issues: [], nextCursor: null, previousCursor: null, hits: 0 };
    const issue = {
      id: '1',
      shortId: 'A-1',
      title: 't',
      culprit: '',
      level: 'error',
      status: 'unresolved',
      platform: null,
      count: 1,
      userCount: 0,
      firstSeen: null,
      lastSeen: null,
      project: { id: '1', slug: 'a', name: 'a' },
      metadata: {},
      permalink: null,
      substatus: null,
      priority: null,
      assignedTo: null,
    };
    expect(IssueListSchema.safeParse({ ...list, issues: [{ ...issue, stats: [[1, 2]] }] }).success).toBe(
      true,
    );
    const bad = IssueListSchema.safeParse({ ...list, issues: [{ ...issue, stats: [[1, 'x']] }] });
    expect(bad.error?.issues[0]?.path).toEqual(['issues', 0, 'stats']);
  });

  it('has a JSON Schema through customJsonSchemaOf, and only it does', () => {
    const json = z.toJSONSchema(z.object({ stats: SparklineSchema }), {
      unrepresentable: ({ zodSchema }) => customJsonSchemaOf(zodSchema),
    });
    expect(json.properties?.stats).toEqual({
      type: 'array',
      items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    });
    expect(customJsonSchemaOf(z.custom(() => true))).toBeUndefined();
  });
});
