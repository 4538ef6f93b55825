/**
 * The few places where Dexter's database code must know whether it runs on SQLite (the embedded
 * default) or PostgreSQL (`DEXTER_DATABASE_URL`). Everything else goes through Kysely's builders,
 * which both dialects render. Keep this file small: a query that needs a branch of its own should
 * usually be rewritten in the shared subset instead.
 */
import {
  ColumnDefinitionNode,
  GeneratedNode,
  type Kysely,
  type KyselyPlugin,
  OperationNodeTransformer,
  PostgresAdapter,
  type QueryId,
  type RawBuilder,
  sql,
} from 'kysely';

export type DexterDialect = 'sqlite' | 'postgres';

// biome-ignore lint/suspicious/noExplicitAny: any database type; only the adapter is read.
export function dialectOf(db: Kysely<any>): DexterDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Migrations declare auto-numbered keys the SQLite way, `c.primaryKey().autoIncrement()` (ids are
 * never reused, not even after the newest row is deleted). PostgreSQL has no `autoincrement`:
 * there the column becomes an identity column, whose sequence never reuses a number either. "By
 * default" rather than "always", so a row restored with its id keeps it. Rewriting the compiled
 * node, instead of branching in each migration, leaves the released migrations and what they
 * produce on SQLite untouched (schema-unchanged.test.ts), and covers migrations still to come.
 */
class AutoIncrementToIdentity extends OperationNodeTransformer {
  protected override transformColumnDefinition(node: ColumnDefinitionNode, queryId?: QueryId) {
    const column = super.transformColumnDefinition(node, queryId);
    if (!column.autoIncrement) return column;
    return ColumnDefinitionNode.cloneWith(column, {
      autoIncrement: false,
      generated: GeneratedNode.create({ byDefault: true, identity: true }),
    });
  }
}

/** Installed on PostgreSQL connections only (database.ts); SQLite sees every query as written. */
export function postgresSchemaPlugin(): KyselyPlugin {
  const transformer = new AutoIncrementToIdentity();
  return {
    transformQuery: ({ node, queryId }) => transformer.transformNode(node, queryId),
    transformResult: async ({ result }) => result,
  };
}

/**
 * `<column> like <pattern> escape '\'` matched without regard to ASCII case on both dialects:
 * SQLite's `like` already ignores ASCII case, PostgreSQL's is case-sensitive and has `ilike`.
 */
// biome-ignore lint/suspicious/noExplicitAny: any database type; only the adapter is read.
export function likeIgnoringCase(db: Kysely<any>, column: string, pattern: string): RawBuilder<boolean> {
  const operator = dialectOf(db) === 'postgres' ? sql.raw('ilike') : sql.raw('like');
  return sql<boolean>`${sql.ref(column)} ${operator} ${pattern} escape '\\'`;
}
