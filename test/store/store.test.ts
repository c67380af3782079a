// The store suite, run on SQLite and on PostgreSQL: migrations, idempotent opening, event deduplication, claiming, timers, per-number limits.
import { describe, expect, it } from 'vitest';
import { TestClock } from '../../src/clock/index.ts';
import { DEFAULT_RULES } from '../../src/cases/index.ts';
import { CaseService, EffectHandoff, EffectRunner, Tracker, type OpenCaseRequest } from '../../src/coordinator/index.ts';
import { claim, openStore } from '../../src/store/index.ts';
import { TARGETS, storePerTest } from './targets.ts';
import { openRequest } from './open-request.ts';

const START = '2026-06-01T02:00:00.000Z';

const request = (n: number, over: Partial<OpenCaseRequest> = {}): OpenCaseRequest => openRequest(n, over);

for (const target of TARGETS) {
  describe(`store on ${target.label}`, () => {
    const make = storePerTest(target);

    it('migrates, and migrating again changes nothing', async (ctx) => {
      const { store, url } = await make(ctx);
      const again = await openStore({ url });
      const tables = await again.db.introspection.getTables();
      expect(tables.map((x) => x.name)).toEqual(
        expect.arrayContaining([
          'cases',
          'case_events',
          'shipments',
          'effects',
          'timers',
          'audit_log',
          'number_queries',
          'inbox',
          'intercept_locks',
        ]),
      );
      await again.close();
      expect(store.dialect).toBe(target.name);
    });

    it('opens a case once per merchant, platform and after-sale, with its audit rows', async (ctx) => {
      const { store } = await make(ctx);
      const service = new CaseService({ store, clock: new TestClock(START), rules: DEFAULT_RULES });
      const first = await service.open(request(1));
      const second = await service.open(request(1));
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.case.id).toBe(first.case.id);
      expect(await store.db.selectFrom('cases').select('id').execute()).toHaveLength(1);
      const audit = await store.db.selectFrom('audit_log').select('reason_code').where('case_id', '=', 'case-1').execute();
      expect(audit.map((a) => a.reason_code)).toContain('CASE_OPENED');
      const shipments = await store.db.selectFrom('shipments').selectAll().execute();
      expect(shipments).toMatchObject([{ waybill_no: '73100000000001', phone_last4: '1234', terminal: 0 }]);
    });

    it('applies the same event once, whatever its order of arrival', async (ctx) => {
      const { store } = await make(ctx);
      const clock = new TestClock(START);
      const service = new CaseService({ store, clock, rules: DEFAULT_RULES });
      await service.open(request(2));
      clock.advance(3_600_000);
      const update = {
        type: 'TRACKING_UPDATE' as const,
        waybillNo: '73100000000002',
        carrierId: 'zto',
        found: true,
        events: [{ kind: 'COLLECTED' as const, at: START, description: '收件', rawCode: 'GOT' }],
      };
      const a = await service.apply('case-2', update);
      const b = await service.apply('case-2', update);
      expect(a.duplicate).toBe(false);
      expect(b.duplicate).toBe(true);
      const row = await store.db.selectFrom('cases').select(['version']).where('id', '=', 'case-2').executeTakeFirstOrThrow();
      expect(row.version).toBe(2);
      expect((await service.get('case-2'))!.shipments[0]!.events).toHaveLength(1);
    });

    it("claims each due effect once across workers, and a dead worker's lease expires", async (ctx) => {
      const { store } = await make(ctx);
      const now = START;
      for (let i = 0; i < 10; i++) {
        await store.db
          .insertInto('effects')
          .values({
            id: `e${i}`,
            case_id: 'c',
            type: 'NOTIFY_WEBHOOK',
            idempotency_key: `e${i}`,
            payload_json: '{}',
            status: 'PENDING',
            attempts: 0,
            next_attempt_at: now,
            lease_owner: null,
            lease_until: null,
            sent_at: null,
            last_error: null,
            result_json: null,
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
      const later = '2026-06-01T02:00:30.000Z';
      const [a, b] = await Promise.all([
        claim(store, { owner: 'a', now, leaseUntil: later, limit: 6 }),
        claim(store, { owner: 'b', now, leaseUntil: later, limit: 6 }),
      ]);
      const ids = [...a, ...b].map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(10);
      expect(await claim(store, { owner: 'c', now, leaseUntil: later, limit: 10 })).toHaveLength(0);
      const expired = await claim(store, {
        owner: 'c',
        now: '2026-06-01T02:01:00.000Z',
        leaseUntil: '2026-06-01T02:02:00.000Z',
        limit: 20,
      });
      expect(expired).toHaveLength(10);
      expect(expired.every((r) => r.attempts === 2 && r.lease_owner === 'c')).toBe(true);
    });

    it('fires timers from the clock port, once each', async (ctx) => {
      const { store } = await make(ctx);
      const clock = new TestClock(START);
      const service = new CaseService({ store, clock, rules: DEFAULT_RULES });
      await service.open(request(3));
      const timers = await store.db.selectFrom('timers').selectAll().where('status', '=', 'PENDING').execute();
      expect(timers.length).toBeGreaterThan(0);
      const earliest = timers.map((x) => x.due_at).sort()[0]!;
      expect(await service.fireDueTimers()).toBe(0);
      clock.set(earliest);
      const fired = await service.fireDueTimers();
      expect(fired).toBeGreaterThanOrEqual(1);
      expect(await service.fireDueTimers()).toBe(0);
      const events = await store.db.selectFrom('case_events').select('type').where('case_id', '=', 'case-3').execute();
      expect(events.filter((e) => e.type === 'TIMER_FIRED')).toHaveLength(fired);
    });

    it('never sends the 49th query of a number in 24 hours, across restarts', async (ctx) => {
      const { store, url } = await make(ctx);
      const clock = new TestClock(START);
      const service = new CaseService({ store, clock, rules: DEFAULT_RULES });
      const tracker = new Tracker({ store, clock, service, trackerFor: () => undefined });
      const limit = { max: 48, windowMs: 24 * 3_600_000 };
      for (let i = 0; i < 48; i++) expect(await tracker.takeNumberBudget('kuaidi100', '73100000000009', limit)).toBe(true);
      const reopened = await openStore({ url });
      const tracker2 = new Tracker({
        store: reopened,
        clock,
        service: new CaseService({ store: reopened, clock, rules: DEFAULT_RULES }),
        trackerFor: () => undefined,
      });
      expect(await tracker2.takeNumberBudget('kuaidi100', '73100000000009', limit)).toBe(false);
      expect(await tracker2.takeNumberBudget('kuaidi100', '73100000000010', limit)).toBe(true);
      clock.advance(24 * 3_600_000 + 1);
      expect(await tracker2.takeNumberBudget('kuaidi100', '73100000000009', limit)).toBe(true);
      await reopened.close();
    });

    it('keeps a dead letter visible and replayable', async (ctx) => {
      const { store } = await make(ctx);
      const clock = new TestClock(START);
      const service = new CaseService({ store, clock, rules: DEFAULT_RULES });
      await store.db
        .insertInto('effects')
        .values({
          id: 'x1',
          case_id: 'c',
          type: 'FETCH_AFTER_SALE',
          idempotency_key: 'x1',
          payload_json: '{"type":"FETCH_AFTER_SALE","afterSaleId":"a","reason":"PLATFORM_TIMEOUT"}',
          status: 'PENDING',
          attempts: 0,
          next_attempt_at: START,
          lease_owner: null,
          lease_until: null,
          sent_at: null,
          last_error: null,
          result_json: null,
          created_at: START,
          updated_at: START,
        })
        .execute();
      const runner = new EffectRunner({ store, clock, service, handlers: {} });
      expect(await runner.runOnce()).toMatchObject({ claimed: 1, dead: 1 });
      const dead = await store.db.selectFrom('effects').selectAll().where('id', '=', 'x1').executeTakeFirstOrThrow();
      expect(dead.status).toBe('DEAD');
      expect(dead.last_error).toMatch(/no handler/);
      expect(await runner.replay('x1')).toBe(true);
      expect((await store.db.selectFrom('effects').select('status').where('id', '=', 'x1').executeTakeFirstOrThrow()).status).toBe(
        'PENDING',
      );
    });

    it('stores issued effects leased to the adopting runner, which runs them without claiming; after its death another takes them over and reconciles', async (ctx) => {
      const { store } = await make(ctx);
      const clock = new TestClock(START);
      const handoff = new EffectHandoff({ clock, owner: 'first', leaseMs: 30_000 });
      const service = new CaseService({ store, clock, rules: DEFAULT_RULES, handoff });
      const sent: string[] = [];
      const reconciled: string[] = [];
      const handlers = {
        AGREE_REFUSE_SIGN: {
          money: true,
          async run(effect: { idempotencyKey: string }) {
            sent.push(effect.idempotencyKey);
            return { events: [] };
          },
          async reconcile(effect: { idempotencyKey: string }) {
            reconciled.push(effect.idempotencyKey);
            return 'NOT_FOUND' as const;
          },
        },
      };
      const first = new EffectRunner({ store, clock, service, handlers, handoff });
      await service.open(request(3));
      clock.advance(3_600_000);
      // The first tracking answer agrees to refuse-sign: a money effect, issued and stored in that decision.
      await service.apply('case-3', {
        type: 'TRACKING_UPDATE',
        waybillNo: '73100000000003',
        carrierId: 'zto',
        found: true,
        events: [
          { kind: 'COLLECTED', at: '2026-05-31T20:00:00.000Z', description: '收件', rawCode: '收件' },
          { kind: 'IN_TRANSIT', at: '2026-06-01T02:30:00.000Z', description: '发件', rawCode: '发件' },
        ],
      });
      const stored = await store.db
        .selectFrom('effects')
        .selectAll()
        .where('case_id', '=', 'case-3')
        .where('type', '=', 'AGREE_REFUSE_SIGN')
        .executeTakeFirstOrThrow();
      expect(stored).toMatchObject({
        status: 'RUNNING',
        attempts: 1,
        lease_owner: 'first',
        lease_until: new Date(clock.nowMs() + 30_000).toISOString(),
      });
      // Leased: nobody can claim it while the lease runs.
      expect(
        await claim(store, {
          owner: 'other',
          now: clock.now().toISOString(),
          leaseUntil: new Date(clock.nowMs() + 30_000).toISOString(),
          limit: 10,
        }),
      ).toEqual([]);

      // The first runner "dies" with the effect adopted but not run; once the lease lapses a new runner claims it
      // as a second attempt and, being a money call, asks before sending.
      clock.advance(31_000);
      // The restarted process builds its own service and hand-off.
      const restartedHandoff = new EffectHandoff({ clock, owner: 'second' });
      const restarted = new CaseService({ store, clock, rules: DEFAULT_RULES, handoff: restartedHandoff });
      const second = new EffectRunner({ store, clock, service: restarted, handlers, handoff: restartedHandoff });
      expect(await second.runOnce()).toMatchObject({ claimed: 1, done: 1 });
      expect(reconciled).toEqual([stored.idempotency_key]);
      expect(sent).toEqual([stored.idempotency_key]);
      expect(
        await store.db.selectFrom('effects').select(['status', 'attempts']).where('id', '=', stored.id).executeTakeFirstOrThrow(),
      ).toMatchObject({ status: 'DONE', attempts: 2 });
      // The dead runner's copy is never run: its lease is gone and the row has moved on.
      expect(await first.runOnce()).toMatchObject({ claimed: 1, done: 0, lost: 1 });
      expect(sent).toHaveLength(1);

      // Without a death: the adopting runner runs what its decisions issue, first attempt, no reconciliation.
      await restarted.open(request(4));
      clock.advance(3_600_000);
      await restarted.apply('case-4', {
        type: 'TRACKING_UPDATE',
        waybillNo: '73100000000004',
        carrierId: 'zto',
        found: true,
        events: [
          { kind: 'COLLECTED', at: '2026-06-01T00:00:00.000Z', description: '收件', rawCode: '收件' },
          { kind: 'IN_TRANSIT', at: clock.now().toISOString(), description: '发件', rawCode: '发件' },
        ],
      });
      expect(await second.runOnce()).toMatchObject({ claimed: 1, done: 1 });
      // Run as stored: never claimed again (a claim would have counted a second attempt).
      expect(
        await store.db
          .selectFrom('effects')
          .select(['status', 'attempts', 'lease_owner'])
          .where('case_id', '=', 'case-4')
          .where('type', '=', 'AGREE_REFUSE_SIGN')
          .executeTakeFirstOrThrow(),
      ).toMatchObject({ status: 'DONE', attempts: 1, lease_owner: null });
      expect(reconciled).toHaveLength(1);
      expect(sent).toHaveLength(2);
    });
  });
}
