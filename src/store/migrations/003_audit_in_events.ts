// Migration 003: a decision's audit entries live on its event row (one row written per decision, not one per reason); `audit_log` becomes a view with the same columns, old rows kept.
import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../dialect.ts';

/**
 * The audit log as a view: one row per reason or issued effect of every decision (from
 * `case_events.audit_json`; the payload is the event's raw payload, or the effect for an issued
 * effect), then the rows written before this migration (`audit_log_v1`, `event_id` null).
 */
const VIEW = {
  sqlite: sql`create view audit_log as
    select e.case_id as case_id, e.recorded_at as at, json_extract(a.value, '$.code') as reason_code,
      json_extract(a.value, '$.message') as message, coalesce(json_extract(a.value, '$.effect'), e.payload_json) as payload_json,
      e.id as event_id, a.key as seq
    from case_events e, json_each(e.audit_json) a
    union all
    select case_id, at, reason_code, message, payload_json, null, id from audit_log_v1`,
  postgres: sql`create view audit_log as
    select e.case_id as case_id, e.recorded_at as at, a.value->>'code' as reason_code,
      a.value->>'message' as message, coalesce((a.value->'effect')::text, e.payload_json) as payload_json,
      e.id as event_id, a.n - 1 as seq
    from case_events e cross join lateral jsonb_array_elements(e.audit_json::jsonb) with ordinality as a(value, n)
    union all
    select case_id, at, reason_code, message, payload_json, null, id from audit_log_v1`,
};

/**
 * Adds `case_events.audit_json` and turns `audit_log` into a view. On SQLite `case_events` is rebuilt
 * without AUTOINCREMENT as well (events are never deleted, so plain rowids never repeat; AUTOINCREMENT
 * cost one more page, `sqlite_sequence`, in every commit), in one transaction.
 */
export function up(dialect: StoreDialect) {
  return async (db: Kysely<any>): Promise<void> => {
    if (dialect === 'postgres') {
      await sql`alter table case_events add column audit_json text not null default '[]'`.execute(db);
      await sql`alter table audit_log rename to audit_log_v1`.execute(db);
      await VIEW.postgres.execute(db);
      return;
    }
    await sql`begin immediate`.execute(db);
    try {
      await sql`create table case_events_v3 (
        id integer primary key, case_id text not null, fingerprint text not null, type text not null, occurred_at text not null,
        payload_json text not null, recorded_at text not null, audit_json text not null default '[]',
        constraint case_events_fingerprint unique (case_id, fingerprint))`.execute(db);
      await sql`insert into case_events_v3 (id, case_id, fingerprint, type, occurred_at, payload_json, recorded_at)
        select id, case_id, fingerprint, type, occurred_at, payload_json, recorded_at from case_events order by id`.execute(db);
      await sql`drop table case_events`.execute(db);
      await sql`alter table case_events_v3 rename to case_events`.execute(db);
      await sql`alter table audit_log rename to audit_log_v1`.execute(db);
      await VIEW.sqlite.execute(db);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  };
}
