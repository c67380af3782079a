// One write transaction helper for both databases: SQLite takes the write lock up front (BEGIN IMMEDIATE), PostgreSQL uses a normal transaction.
import { sql, type Kysely } from 'kysely';
import type { Store } from './connect.ts';
import type { Database } from './schema.ts';

/** A Kysely handle bound to one open transaction. */
export type Tx = Kysely<Database>;

/**
 * Runs `fn` in a write transaction: all or nothing. On SQLite the write lock is taken at BEGIN, so
 * a read-then-write inside `fn` can never be overtaken.
 */
export async function withTransaction<T>(store: Store, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (store.dialect === 'postgres') return store.db.transaction().execute(fn);
  return store.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}
