// Migration 003 on SQLite and PostgreSQL: audit rows written before it stay readable through the audit_log view, events keep their ids, and new decisions are audited on their event row.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TestClock } from '../../src/clock/index.ts';
import { DEFAULT_RULES } from '../../src/cases/index.ts';
import { CaseService } from '../../src/coordinator/index.ts';
import { openStore } from '../../src/store/index.ts';
import { storeMigrator } from '../../src/store/migrations/index.ts';
import { PG_URL, freshPostgresSchema, postgresReachable } from './targets.ts';

const START = '2026-06-01T02:00:00.000Z';

/** A database migrated up to `002_tenants` only (as a store of an earlier release left it). */
async function databaseAt002(dialect: 'sqlite' | 'postgres'): Promise<{ url: string; db: Kysely<any>; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const path = join(mkdtempSync(join(tmpdir(), 'lanjie-m003-')), 'lanjie.db');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) });
    return { url: `sqlite:${path}`, db, drop: async () => {} };
  }
  const schema = await freshPostgresSchema();
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: schema.url, max: 2 }) }) });
  return { url: schema.url, db, drop: schema.drop };
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`migration 003 (audit on the event row) on ${dialect}`, () => {
    it('keeps the audit rows and events written before it, and audits new decisions on their event', async (ctx) => {
      if (dialect === 'postgres' && !(await postgresReachable()))
        ctx.skip(`PostgreSQL is not reachable at ${PG_URL}: set LANJIE_TEST_PG_URL or start it (.ci/run does)`);
      const old = await databaseAt002(dialect);
      const migrator = await storeMigrator(old.db, dialect);
      const to002 = await migrator.migrateTo('002_tenants');
      expect(to002.error).toBeUndefined();
      await old.db
        .insertInto('case_events')
        .values({
          case_id: 'old-1',
          fingerprint: 'f-1',
          type: 'CASE_OPENED',
          occurred_at: START,
          payload_json: '{"old":true}',
          recorded_at: START,
        })
        .execute();
      await old.db
        .insertInto('audit_log')
        .values([
          { case_id: 'old-1', at: START, reason_code: 'CASE_OPENED', message: '', payload_json: '{"old":true}' },
          { case_id: 'old-1', at: START, reason_code: 'EFFECT_INTERCEPT', message: 'effect issued', payload_json: '{"type":"INTERCEPT"}' },
        ])
        .execute();
      await old.db.destroy();

      const store = await openStore({ url: old.url, ...(dialect === 'postgres' ? { poolSize: 2 } : {}) });
      try {
        const legacy = await store.db.selectFrom('audit_log').selectAll().where('case_id', '=', 'old-1').orderBy('seq').execute();
        expect(legacy).toMatchObject([
          { reason_code: 'CASE_OPENED', payload_json: '{"old":true}', event_id: null },
          { reason_code: 'EFFECT_INTERCEPT', message: 'effect issued', payload_json: '{"type":"INTERCEPT"}', event_id: null },
        ]);
        const [oldEvent] = await store.db.selectFrom('case_events').selectAll().where('case_id', '=', 'old-1').execute();
        expect(oldEvent).toMatchObject({ fingerprint: 'f-1', audit_json: '[]' });
        expect(Number(oldEvent!.id)).toBe(1);

        const clock = new TestClock(START);
        const service = new CaseService({ store, clock, rules: DEFAULT_RULES });
        await service.open({
          caseId: 'new-1',
          platform: 'shop',
          mode: 'generic',
          merchantId: 'm-1',
          merchantType: 'DOMESTIC',
          afterSaleId: 'as-1',
          orderId: 'o-1',
          appliedAt: START,
          refundAmountFen: 5000,
          reason: 'NOT_RECEIVED',
          categoryId: 'cat-1',
          skuOrders: [{ skuOrderId: 'sku-1', amountFen: 5000, refunded: true }],
          shipments: [{ waybillNo: '73100000000001', carrierId: 'zto', skuOrderIds: ['sku-1'] }],
        });
        clock.advance(3_600_000);
        await service.apply('new-1', {
          type: 'TRACKING_UPDATE',
          waybillNo: '73100000000001',
          carrierId: 'zto',
          found: true,
          events: [
            { kind: 'COLLECTED', at: '2026-05-31T20:00:00.000Z', description: '收件', rawCode: '收件' },
            { kind: 'IN_TRANSIT', at: '2026-06-01T00:00:00.000Z', description: '发件', rawCode: '发件' },
          ],
        });
        const events = await store.db
          .selectFrom('case_events')
          .select(['id', 'type', 'payload_json'])
          .where('case_id', '=', 'new-1')
          .orderBy('id')
          .execute();
        expect(events.map((e) => e.type)).toEqual(['CASE_OPENED', 'TRACKING_UPDATE']);
        // New events continue after the old ids.
        expect(Number(events[0]!.id)).toBeGreaterThan(1);
        const audit = await store.db
          .selectFrom('audit_log')
          .selectAll()
          .where('case_id', '=', 'new-1')
          .orderBy('event_id')
          .orderBy('seq')
          .execute();
        const opened = audit.filter((a) => String(a.event_id) === String(events[0]!.id));
        expect(opened[0]).toMatchObject({ reason_code: 'CASE_OPENED', at: START });
        // A reason's payload is the raw event as received.
        expect(JSON.parse(opened[0]!.payload_json)).toMatchObject({ caseId: 'new-1', afterSaleId: 'as-1' });
        const tracked = audit.filter((a) => String(a.event_id) === String(events[1]!.id));
        expect(tracked.map((a) => a.reason_code)).toEqual(
          expect.arrayContaining(['TRACKING_UPDATED', 'REFUSE_SIGN_AGREED', 'EFFECT_AGREE_REFUSE_SIGN']),
        );
        expect(JSON.parse(tracked.find((a) => a.reason_code === 'TRACKING_UPDATED')!.payload_json)).toMatchObject({
          type: 'TRACKING_UPDATE',
          waybillNo: '73100000000001',
        });
        // An issued effect's payload is the effect itself.
        expect(JSON.parse(tracked.find((a) => a.reason_code === 'EFFECT_AGREE_REFUSE_SIGN')!.payload_json)).toMatchObject({
          type: 'AGREE_REFUSE_SIGN',
        });
        // Reasons come first, in the order the rules gave them.
        expect(tracked[0]!.reason_code).toBe('TRACKING_UPDATED');
      } finally {
        await store.close();
        await old.drop();
      }
    });
  });
}
