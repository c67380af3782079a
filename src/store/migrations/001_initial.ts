// Migration 001: the initial schema (cases, events, shipments, outbox, timers, audit log, number limits, inbox).
import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../dialect.ts';

/** Creates the initial tables and indexes, portable across SQLite and PostgreSQL. */
export function up(dialect: StoreDialect) {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  return async (db: Kysely<any>): Promise<void> => {
    const autoId = (t: any) =>
      dialect === 'postgres'
        ? t.addColumn('id', serial, (c: any) => c.primaryKey())
        : t.addColumn('id', 'integer', (c: any) => c.primaryKey().autoIncrement());

    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('merchant_id', 'text', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('after_sale_id', 'text', (c) => c.notNull())
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('refuse_sign_agreed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('state_json', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('due_at', 'text')
      .addColumn('at_risk', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('open', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('cases_after_sale_unique', ['merchant_id', 'platform', 'after_sale_id'])
      .execute();
    await db.schema.createIndex('cases_merchant_status').on('cases').columns(['merchant_id', 'status', 'id']).execute();
    await db.schema.createIndex('cases_due').on('cases').columns(['open', 'due_at']).execute();

    await autoId(db.schema.createTable('case_events'))
      .addColumn('case_id', 'text', (c: any) => c.notNull())
      .addColumn('fingerprint', 'text', (c: any) => c.notNull())
      .addColumn('type', 'text', (c: any) => c.notNull())
      .addColumn('occurred_at', 'text', (c: any) => c.notNull())
      .addColumn('payload_json', 'text', (c: any) => c.notNull())
      .addColumn('recorded_at', 'text', (c: any) => c.notNull())
      .addUniqueConstraint('case_events_fingerprint', ['case_id', 'fingerprint'])
      .execute();

    await db.schema
      .createTable('shipments')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('waybill_no', 'text', (c) => c.notNull())
      .addColumn('shipment_id', 'text', (c) => c.notNull())
      .addColumn('carrier_id', 'text', (c) => c.notNull())
      .addColumn('phone_last4', 'text')
      .addColumn('terminal', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_poll_at', 'text')
      .addColumn('last_polled_at', 'text')
      .addPrimaryKeyConstraint('shipments_pk', ['case_id', 'waybill_no'])
      .execute();
    await db.schema.createIndex('shipments_waybill').on('shipments').column('waybill_no').execute();
    await db.schema.createIndex('shipments_poll').on('shipments').columns(['terminal', 'next_poll_at']).execute();

    await db.schema
      .createTable('effects')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
      .addColumn('payload_json', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('sent_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('result_json', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('effects_claim').on('effects').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createIndex('effects_case').on('effects').column('case_id').execute();

    await db.schema
      .createTable('timers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('timer_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('due_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('payload_json', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('timers_due').on('timers').columns(['status', 'due_at']).execute();

    await autoId(db.schema.createTable('audit_log'))
      .addColumn('case_id', 'text')
      .addColumn('at', 'text', (c: any) => c.notNull())
      .addColumn('reason_code', 'text', (c: any) => c.notNull())
      .addColumn('message', 'text', (c: any) => c.notNull())
      .addColumn('payload_json', 'text', (c: any) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_case').on('audit_log').columns(['case_id', 'id']).execute();

    await autoId(db.schema.createTable('number_queries'))
      .addColumn('carrier_id', 'text', (c: any) => c.notNull())
      .addColumn('waybill_no', 'text', (c: any) => c.notNull())
      .addColumn('at', 'text', (c: any) => c.notNull())
      .execute();
    await db.schema.createIndex('number_queries_lookup').on('number_queries').columns(['carrier_id', 'waybill_no', 'at']).execute();

    await autoId(db.schema.createTable('inbox'))
      .addColumn('source', 'text', (c: any) => c.notNull())
      .addColumn('dedupe_key', 'text', (c: any) => c.notNull())
      .addColumn('received_at', 'text', (c: any) => c.notNull())
      .addColumn('body', 'text', (c: any) => c.notNull())
      .addColumn('processed_at', 'text')
      .addUniqueConstraint('inbox_dedupe', ['source', 'dedupe_key'])
      .execute();
    await db.schema
      .createTable('intercept_locks')
      .addColumn('waybill_no', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('interception_id', 'text', (c) => c.notNull())
      .addColumn('route', 'text', (c) => c.notNull())
      .addColumn('locked_at', 'text', (c) => c.notNull())
      .execute();
    await sql`select 1`.execute(db);
  };
}
