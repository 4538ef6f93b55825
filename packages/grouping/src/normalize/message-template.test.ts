import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../frame';
import { messageTemplate, normalizeExceptionType, templateTokens } from './message-template';

describe('messageTemplate', () => {
  it.each([
    ['Block blk_1073741825 not found', 'Block blk_<num> not found'],
    ['Timeout after 30.5s on attempt 3', 'Timeout after <num>s on attempt <num>'],
    ['Bind to tcp://localhost:61616 failed', 'Bind to <url> failed'],
    ['Connection refused from 10.0.0.7:8020', 'Connection refused from <ip>'],
    ['File /tmp/hadoop-oom/dfs/tmp/client-4362 missing', 'File <path> missing'],
    ['request 123e4567-e89b-12d3-a456-426614174000 failed', 'request <uuid> failed'],
    ['bad pointer 0x7ffeefbff5c8', 'bad pointer <hex>'],
    ['failed to remove b845649551b6b1eab5c17f630e42489d', 'failed to remove <hex>'],
    ["Table 'users' doesn't exist", "Table <str> doesn't exist"],
    ['Unknown column "user_id" in field list', 'Unknown column <str> in field list'],
  ])('%s becomes %s', (raw, expected) => {
    expect(messageTemplate(raw)).toBe(expected);
  });

  it('gives the same template to two reports of one bug with different ids', () => {
    expect(messageTemplate('User 42 not found in shard 7 at 10.1.2.3')).toBe(
      messageTemplate('User 9001 not found in shard 2 at 10.9.8.7'),
    );
  });

  it('returns an empty template for missing or non-string messages', () => {
    expect(messageTemplate(null)).toBe('');
    expect(messageTemplate({ not: 'a string' })).toBe('');
  });

  it('bounds the message before templating', () => {
    const template = messageTemplate(`${'x'.repeat(10 * MAX_MESSAGE_LENGTH)} 123`);
    expect(template.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(template).not.toContain('<num>');
  });
});

describe('templateTokens', () => {
  it('yields distinct lower-cased words and placeholders, dropping one-letter words', () => {
    expect(templateTokens('Block blk_<num> not found in <path> a')).toEqual([
      'block',
      'blk_',
      '<num>',
      'not',
      'found',
      'in',
      '<path>',
    ]);
  });
});

describe('normalizeExceptionType', () => {
  it('compares types by simple name across platforms that do or do not qualify them', () => {
    expect(normalizeExceptionType('java.io.IOException')).toBe('IOException');
    expect(normalizeExceptionType('IOException')).toBe('IOException');
    expect(normalizeExceptionType('org.x.Outer$InnerException')).toBe('Outer$InnerException');
    expect(normalizeExceptionType('')).toBeNull();
  });
});
