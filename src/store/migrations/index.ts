// The ordered list of versioned migrations, fed to Kysely's Migrator.
import type { Migration } from 'kysely';
import type { StoreDialect } from '../connect.ts';
import * as m001 from './001_initial.ts';

/** Migrations by name; names sort in the order they run. */
export function migrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '001_initial': { up: m001.up(dialect) },
  };
}
