export { applyDurablePragmas } from './sqlite-pragmas';
export { withStatementCache } from './statement-cache';
