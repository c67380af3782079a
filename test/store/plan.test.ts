// Write plans and the SQLite writer thread: guards roll a plan back whole, reads see only committed data, concurrent decisions on one case never overwrite each other.
import { describe, expect, it } from 'vitest';
import { TestClock } from '../../src/clock/index.ts';
import { DEFAULT_RULES } from '../../src/cases/index.ts';
import { CaseService, type OpenCaseRequest } from '../../src/coordinator/index.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openStore, withTransaction } from '../../src/store/index.ts';
import { caseColumns, type StoredCaseColumns } from '../../src/store/case-writes.ts';
import type { Case } from '../../src/cases/state.ts';
import { TARGETS, storePerTest } from './targets.ts';
import { openRequest } from './open-request.ts';

const START = '2026-06-01T02:00:00.000Z';

const request = (n: number): OpenCaseRequest => openRequest(n);

/** A tracking answer for `waybillNo`: collected, then a hub scan at `hour` (a different fact per hour). */
function scanOf(waybillNo: string, hour: number) {
  return {
    type: 'TRACKING_UPDATE' as const,
    waybillNo,
    carrierId: 'zto',
    found: true,
    events: [
      { kind: 'COLLECTED' as const, at: '2026-06-01T00:00:00.000Z', description: 'collected', rawCode: '收件' },
      { kind: 'IN_TRANSIT' as const, at: `2026-06-01T0${hour}:00:00.000Z`, description: `hub ${hour}`, rawCode: '到件' },
    ],
  };
}

for (const target of TARGETS) {
  describe(`write plans on ${target.label}`, () => {
    const storeOf = storePerTest(target);
    const make = async (ctx: { skip: (note?: string) => void }) => (await storeOf(ctx)).store;
    const setting = (key: string, value: string) => ({ sql: 'insert into settings (key, value) values (?, ?)', params: [key, value] });

    it('commits every step, or none when a guard fails, and names the guard', async (ctx) => {
      const store = await make(ctx);
      const ok = await store.plan([setting('a', '1'), setting('b', '2')]);
      expect(ok).toMatchObject({ committed: true });
      expect(ok.results.map((r) => r.changes)).toEqual([1, 1]);
      const plansBefore = store.writePlans();
      const failed = await store.plan([
        setting('c', '3'),
        { sql: "update settings set value = '9' where key = ?", params: ['nope'], expectChanges: 1, guard: 'missing' },
        setting('d', '4'),
      ]);
      expect(failed).toMatchObject({ committed: false, guard: 'missing', failedStep: 1 });
      // Every plan is counted, the rolled-back one too (each is a transaction the disk pays for).
      expect(store.writePlans() - plansBefore).toBe(1);
      const keys = (await store.read<{ key: string }>('select key from settings order by key', [])).map((r) => r.key);
      expect(keys).toEqual(['a', 'b']);
    });

    it('rolls back and rethrows a plan whose statement fails, and the store goes on working', async (ctx) => {
      const store = await make(ctx);
      await expect(store.plan([setting('a', '1'), setting('a', '2')])).rejects.toThrow(/unique|duplicate/i);
      expect(await store.read('select key from settings', [])).toEqual([]);
      expect((await store.plan([setting('a', '1')])).committed).toBe(true);
      await expect(store.read('select nope from settings', [])).rejects.toThrow(/nope/);
      expect(await store.read<{ key: string }>('select key from settings', [])).toEqual([{ key: 'a' }]);
    });

    it('waits for an open interactive transaction, and reads never see its uncommitted rows', async (ctx) => {
      const store = await make(ctx);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let inside!: () => void;
      const entered = new Promise<void>((resolve) => {
        inside = resolve;
      });
      const tx = withTransaction(store, async (trx) => {
        await trx.insertInto('settings').values({ key: 'tx', value: '1' }).execute();
        inside();
        await gate;
      });
      await entered;
      const planned = store.plan([setting('plan', '1')]);
      if (store.dialect === 'sqlite') {
        // The reader sees committed data only (the inline store's reads wait for the transaction instead).
        const early = await Promise.race([
          store.read<{ key: string }>('select key from settings', []),
          new Promise((resolve) => setTimeout(() => resolve('waiting'), 50)),
        ]);
        expect(early === 'waiting' || (Array.isArray(early) && early.length === 0)).toBe(true);
      }
      release();
      await tx;
      expect((await planned).committed).toBe(true);
      expect((await store.read<{ key: string }>('select key from settings order by key', [])).map((r) => r.key)).toEqual(['plan', 'tx']);
    });

    it('decides side by side on one case without losing a decision (optimistic version)', async (ctx) => {
      const store = await make(ctx);
      const clock = new TestClock(START);
      const service = new CaseService({ store, clock, rules: DEFAULT_RULES });
      await service.open(request(1));
      const scan = (hour: number) => scanOf('73100000000001', hour);
      const results = await Promise.all([1, 2, 3, 4, 5, 6].map((h) => service.apply('case-1', scan(h))));
      expect(results.filter((r) => !r.duplicate)).toHaveLength(6);
      const [row] = await store.read<{ version: number }>('select version from cases where id = ?', ['case-1']);
      expect(Number(row!.version)).toBe(7);
      const events = await store.read<{ fingerprint: string }>(
        "select fingerprint from case_events where case_id = ? and type = 'TRACKING_UPDATE'",
        ['case-1'],
      );
      expect(events).toHaveLength(6);
      // The same six facts again: each answered as a duplicate, nothing written.
      const again = await Promise.all([1, 2, 3, 4, 5, 6].map((h) => service.apply('case-1', scan(h))));
      expect(again.every((r) => r.duplicate)).toBe(true);
      const [after] = await store.read<{ version: number }>('select version from cases where id = ?', ['case-1']);
      expect(Number(after!.version)).toBe(7);
    });

    it('keeps the searchable columns equal to the state, writing only those that changed', async (ctx) => {
      const store = await make(ctx);
      const clock = new TestClock(START);
      const service = new CaseService({ store, clock, rules: DEFAULT_RULES });
      const columns = async (caseId: string) => {
        const [row] = await store.read<StoredCaseColumns & { state_json: string }>(
          'select status, refuse_sign_agreed, due_at, at_risk, open, state_json from cases where id = ?',
          [caseId],
        );
        const { state_json: stateJson, ...stored } = row!;
        const expected = caseColumns(JSON.parse(stateJson) as Case, 'shop');
        return {
          stored: {
            ...stored,
            refuse_sign_agreed: Number(stored.refuse_sign_agreed),
            at_risk: Number(stored.at_risk),
            open: Number(stored.open),
          },
          expected: {
            status: expected.status,
            refuse_sign_agreed: expected.refuse_sign_agreed,
            due_at: expected.due_at ?? null,
            at_risk: expected.at_risk,
            open: expected.open,
          },
        };
      };
      await service.open(request(4));
      const opened = await columns('case-4');
      expect(opened.stored).toEqual(opened.expected);
      // The first scan agrees the refusal (status and deadline change); two more planned as one transaction change no searchable column.
      await service.apply('case-4', scanOf('73100000000004', 1));
      const agreed = await columns('case-4');
      expect(agreed.stored).toEqual(agreed.expected);
      expect(agreed.stored.status).not.toBe(opened.stored.status);
      const planned = await service.planEvents(
        'case-4',
        [2, 3].map((h) => {
          const event = scanOf('73100000000004', h);
          return { event, fingerprint: `scan:${h}` };
        }),
      );
      const updates = planned.steps.filter((step) => step.sql.startsWith('update cases'));
      expect(updates).toHaveLength(2);
      for (const update of updates) expect(update.sql).not.toMatch(/\bstatus = \?/);
      expect((await service.commitPlanned('case-4', planned)).committed).toBe(true);
      const after = await columns('case-4');
      expect(after.stored).toEqual(after.expected);
    });

    it('two services on one store (two processes) never overwrite each other', async (ctx) => {
      const store = await make(ctx);
      const clock = new TestClock(START);
      const a = new CaseService({ store, clock, rules: DEFAULT_RULES });
      const b = new CaseService({ store, clock, rules: DEFAULT_RULES });
      await a.open(request(3));
      const scan = (hour: number) => scanOf('73100000000003', hour);
      // a writes version 2, b version 3, a version 4: each decides on what the other stored.
      expect((await a.apply('case-3', scan(1))).duplicate).toBe(false);
      expect((await b.apply('case-3', scan(2))).duplicate).toBe(false);
      const third = await a.apply('case-3', scan(3));
      expect(third.duplicate).toBe(false);
      const [row] = await store.read<{ version: number; state_json: string }>('select version, state_json from cases where id = ?', [
        'case-3',
      ]);
      expect(Number(row!.version)).toBe(4);
      expect(JSON.parse(row!.state_json)).toEqual(third.case);
      const shipment = third.case.shipments[0]!;
      expect(shipment.events.map((e) => e.description)).toEqual(expect.arrayContaining(['hub 1', 'hub 2', 'hub 3']));
    });

    it('opens an after-sale once when two requests race', async (ctx) => {
      const store = await make(ctx);
      const service = new CaseService({ store, clock: new TestClock(START), rules: DEFAULT_RULES });
      const [a, b] = await Promise.all([service.open(request(2)), service.open(request(2))]);
      expect([a.created, b.created].sort()).toEqual([false, true]);
      expect(await store.read('select id from cases', [])).toHaveLength(1);
      expect(await store.read("select id from case_events where fingerprint = 'open'", [])).toHaveLength(1);
    });
  });
}

describe('the SQLite writer thread', () => {
  it('fails a write after the thread is gone, with a clear error, instead of hanging', async () => {
    const { sqliteStore } = await import('./targets.ts');
    const t = await sqliteStore();
    await t.store.close();
    await expect(t.store.plan([{ sql: 'select 1', params: [] }])).rejects.toThrow(/writer thread/);
  });

  it('bounds the page cache of the writer and of the reader (512 KiB unless configured)', async () => {
    for (const [option, expected] of [
      [undefined, -512],
      [300, -300],
    ] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'lanjie-cache-'));
      const store = await openStore({ url: `sqlite:${join(dir, 'lanjie.db')}`, ...(option ? { sqlitePageCacheKib: option } : {}) });
      const [reader] = await store.read<{ cache_size: number }>('pragma cache_size', []);
      const writer = await sql<{ cache_size: number }>`pragma cache_size`.execute(store.db);
      expect([reader!.cache_size, writer.rows[0]!.cache_size]).toEqual([expected, expected]);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
