export {
  ensurePrivateDir,
  makePrivate,
  openPrivateSqlite,
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
} from './private-files';
export { applyDurablePragmas } from './sqlite-pragmas';
export { withStatementCache } from './statement-cache';
