/**
 * The pipeline's outermost stage: a request under an operation the table has no `upstream:` row
 * for is refused before any other stage sees it. Without a row it would pass silently, uncached,
 * never retried and at a guessed cost, so a renamed or made-up operation fails at its first call
 * instead. Every operation the Sentry client builds has a row (operation-table.spec.test.ts).
 */
import type { OperationTable } from './operation-table';
import type { Stage } from './stage';

export class UnknownOperationError extends Error {
  override readonly name = 'UnknownOperationError';
  constructor(readonly operation: string) {
    super(`${operation}: no upstream: row in config/api-mappings.yaml; every Sentry call needs one`);
  }
}

export const createKnownOperationStage =
  (table: Pick<OperationTable, 'operation'>): Stage =>
  (next) =>
  (req) =>
    table.operation(req.operation) ? next(req) : Promise.reject(new UnknownOperationError(req.operation));
