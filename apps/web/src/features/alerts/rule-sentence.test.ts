import { describe, expect, it } from 'vitest';
import { ruleSentence } from './rule-sentence';

describe('a rule read as a sentence', () => {
  it('says the trigger, the environment, the filters, the actions and the interval', () => {
    expect(
      ruleSentence({
        name: 'Checkout storm',
        environment: 'production',
        triggers: [{ type: 'frequency', value: 100, window: '1h' }],
        filters: [
          { type: 'level', match: 'gte', level: 'error' },
          { type: 'tag', key: 'route', match: 'sw', value: '/checkout' },
        ],
        actions: [{ type: 'in_app' }, { type: 'webhook', url: 'https://hooks.example.com/x' }],
        actionIntervalMinutes: 30,
      }),
    ).toBe(
      'When an issue is seen more than 100 times in 1 hour in production, and level is error or worse and ' +
        'tag route starts with /checkout, notify in Dexter and post to https://hooks.example.com/x at most once per 30 minutes.',
    );
  });

  it('says when a webhook is a digest', () => {
    expect(
      ruleSentence({
        name: 'x',
        triggers: [{ type: 'new_issue' }],
        actions: [{ type: 'webhook', url: 'https://h.example.com/', digestMinutes: 10 }],
        actionIntervalMinutes: 5,
      }),
    ).toBe(
      'When a new issue is created, post a digest of every 10 minutes to https://h.example.com/ at most once per 5 minutes.',
    );
  });

  it('joins several triggers with "or" unless all must hold', () => {
    const rule = {
      name: 'x',
      triggers: [{ type: 'new_issue' }, { type: 'regression' }] as const,
      actions: [{ type: 'email', target: { kind: 'address', address: 'ops@example.com' } }] as const,
      actionIntervalMinutes: 120,
    };
    expect(ruleSentence({ ...rule, triggers: [...rule.triggers], actions: [...rule.actions] })).toBe(
      'When a new issue is created or an issue regresses, e-mail ops@example.com at most once per 2 hours.',
    );
  });
});
