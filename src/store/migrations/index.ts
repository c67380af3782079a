// The ordered list of versioned migrations, fed to Kysely's Migrator.
import type { Migration } from 'kysely';
import type { StoreDialect } from '../connect.ts';
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
