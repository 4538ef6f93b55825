import type { UpstreamRequest } from '@dexter/sentry-client';
import { describe, expect, it, vi } from 'vitest';
import { createKnownOperationStage, UnknownOperationError } from './known-operation-stage';
import { parseOperationTable } from './operation-table';

const table = parseOperationTable(`
upstream:
  issues.list:
    sentry: GET /api/0/organizations/{org}/issues/
routes:
  issues.export:
    dexter: GET /api/v1/organizations/{org}/issues/export
    role: viewer
`);
const request = (operation: string): UpstreamRequest => ({
  operation,
  method: 'GET',
  path: '/api/0/organizations/acme/issues/',
});

describe('known operation stage', () => {
  it('passes a request whose operation has an upstream row', async () => {
    const next = vi.fn(async () => ({ status: 200, headers: {}, body: [] }));
    await expect(createKnownOperationStage(table)(next)(request('issues.list'))).resolves.toMatchObject({
      status: 200,
    });
    expect(next).toHaveBeenCalledOnce();
  });

  it.each(['issues.listRecent', 'issues.export', 'toString'])(
    'refuses %s before anything is sent: no upstream row, or a route only',
    async (operation) => {
      const next = vi.fn();
      await expect(createKnownOperationStage(table)(next)(request(operation))).rejects.toThrow(
        UnknownOperationError,
      );
      expect(next).not.toHaveBeenCalled();
    },
  );
});
