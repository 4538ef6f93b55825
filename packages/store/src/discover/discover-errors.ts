/**
 * Why a Discover query was refused: the parameter at fault (`field`, `query`, `sort`, …), a stable
 * code a client can switch on, and a message that names both. The HTTP layer renders it as a 400.
 */
export type DiscoverErrorCode =
  | 'missing-parameter'
  | 'invalid-field'
  | 'unknown-field'
  | 'unknown-function'
  | 'invalid-arguments'
  | 'unsupported-function'
  | 'unsupported-field'
  | 'too-many-fields'
  | 'invalid-dataset'
  | 'unsupported-dataset'
  | 'invalid-query'
  | 'invalid-sort'
  | 'invalid-time-range'
  | 'invalid-interval'
  | 'invalid-value';

export class DiscoverQueryError extends Error {
  constructor(
    readonly parameter: string,
    readonly code: DiscoverErrorCode,
    problem: string,
  ) {
    super(`Invalid ${parameter}: ${problem}`);
  }
}
