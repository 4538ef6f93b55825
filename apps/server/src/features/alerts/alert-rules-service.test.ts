/**
 * The rule service against an upstream that dropped the legacy rules API (sentry.io answers 410):
 * the caller learns what that means, and nothing else is tried in its name.
 */
import { SentryApiError } from '@dexter/sentry-client';
import { describe, expect, it } from 'vitest';
import { DexterError } from '../../errors/error-codes';
import { createAlertRulesService } from './alert-rules-service';

const gone = () =>
  new SentryApiError({
    operation: 'alertRules.list',
    method: 'GET',
    path: '/api/0/projects/acme/shop/rules/',
    status: 410,
    detail: 'This API no longer exists.',
    bodySnippet: null,
    rateLimit: {} as never,
  });

describe('alert rules on a Sentry without the legacy rules API', () => {
  it('says the legacy API is gone on a 410', async () => {
    const service = createAlertRulesService({
      sentry: {
        alertRules: {
          list: async () => Promise.reject(gone()),
          create: async () => Promise.reject(gone()),
          update: async () => Promise.reject(gone()),
          delete: async () => Promise.reject(gone()),
        },
      },
      guard: { check: async () => ({ url: new URL('https://x.example'), addresses: [] }) },
      outbox: { fireCounts: async () => new Map() },
      dexterApp: null,
    });
    const error = await service.list('acme', 'shop').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DexterError);
    expect((error as DexterError).message).toMatch(/no longer serves the legacy alert rules API/);
  });
});
