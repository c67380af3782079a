// Migration 002: tenants and the API's own tables (merchants, API keys, case open requests, interceptions without a case, tracking cache, settings) and an index for draining the inbox.
import type { Kysely } from 'kysely';
import type { StoreDialect } from '../dialect.ts';

/** Creates the tables of the HTTP API, portable across SQLite and PostgreSQL. */
export function up(_dialect: StoreDialect) {
  return async (db: Kysely<any>): Promise<void> => {
    await db.schema
      .createTable('merchants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('config_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('merchant_id', 'text')
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();

    await db.schema
      .createTable('case_requests')
      .addColumn('case_id', 'text', (c) => c.primaryKey())
      .addColumn('merchant_id', 'text', (c) => c.notNull())
      .addColumn('after_sale_id', 'text', (c) => c.notNull())
      .addColumn('body_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('case_requests_after_sale', ['merchant_id', 'after_sale_id'])
      .execute();

    await db.schema
      .createTable('intercepts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('merchant_id', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('request_json', 'text', (c) => c.notNull())
      .addColumn('carrier_id', 'text', (c) => c.notNull())
      .addColumn('waybill_no', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('route', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('result_json', 'text')
      .addColumn('error_json', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('intercepts_idempotency', ['merchant_id', 'idempotency_key'])
      .execute();

    await db.schema
      .createTable('tracking_cache')
      .addColumn('merchant_id', 'text', (c) => c.notNull())
      .addColumn('carrier_id', 'text', (c) => c.notNull())
      .addColumn('waybill_no', 'text', (c) => c.notNull())
      .addColumn('result_json', 'text', (c) => c.notNull())
      .addColumn('refreshed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('tracking_cache_pk', ['merchant_id', 'carrier_id', 'waybill_no'])
      .execute();

    // The push inbox is drained by `processed_at is null`: keep that lookup off a table scan.
    await db.schema.createIndex('inbox_unprocessed').on('inbox').columns(['processed_at', 'id']).execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  };
}
