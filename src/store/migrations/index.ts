// The ordered list of versioned migrations, fed to Kysely's Migrator.
import { StoreSetupError } from '../../runtime/errors.ts';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../dialect.ts';
import * as m001 from './001_initial.ts';
import * as m002 from './002_tenants.ts';
import * as m003 from './003_audit_in_events.ts';

/** Migrations by name; names sort in the order they run. */
export function migrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '001_initial': { up: m001.up(dialect) },
    '002_tenants': { up: m002.up(dialect) },
    '003_audit_in_events': { up: m003.up(dialect) },
  };
}

/**
 * The migrator of a store. On PostgreSQL its bookkeeping tables are pinned to the connection's current schema:
 * Kysely otherwise asks whether `kysely_migration` exists in *any* schema, and in a database where another
 * schema has one (another lanjie store, a test running beside), it skips creating its own and then fails on it.
 */
export async function storeMigrator(db: Kysely<any>, dialect: StoreDialect): Promise<Migrator> {
  const provider = { getMigrations: async () => migrations(dialect) };
  if (dialect !== 'postgres') return new Migrator({ db, provider });
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new StoreSetupError('PostgreSQL: no current schema (the search_path names no existing schema); create it first');
  return new Migrator({ db, provider, migrationTableSchema: schema });
}
