// The contract every registered carrier plugin must pass, run against its simulator; scenarios are data, carriers are not named.
import { describe, expect, it, type TestContext } from 'vitest';
import { TestClock } from '../../src/clock/clock.ts';
import {
  AuthError,
  BadResponseError,
  CarrierTimeoutError,
  CarrierUnavailableError,
  ConfigError,
  NotFoundError,
  PushRejectedError,
  TrackResultSchema,
  createCarrierAccount,
  type AnyCarrierPlugin,
  type ResilientCarrierClient,
} from '../../src/carrier/index.ts';
import { checkAccountCredentials } from '../../src/carrier/credentials.ts';
import { mountOnNock } from '../../mocks/kit/nock.ts';
import type { CarrierSimulator, SimulatorKit } from '../../mocks/kit/types.ts';
import type { ParcelFate } from '../../mocks/kit/world.ts';

const HOUR = 3_600_000;
const START = '2026-06-01T02:00:00.000Z';
const SENDER = { name: '退货仓', phone: '13800000000', province: '广东省', city: '深圳市', district: '宝安区', detail: '福永街道 1 号' };

interface Harness {
  clock: TestClock;
  sim: CarrierSimulator;
  account: ResilientCarrierClient;
  baseUrl: string;
  config: unknown;
}

function harness(
  plugin: AnyCarrierPlugin,
  kit: SimulatorKit<any>,
  options: { wrongCredentials?: boolean; timeoutMs?: number } = {},
): Harness {
  const clock = new TestClock(START);
  const baseUrl = `https://${plugin.id}.contract.test`;
  const sim = kit.create({ clock });
  mountOnNock(sim, baseUrl);
  const config = {
    ...(kit.pluginConfig(baseUrl, { wrongCredentials: options.wrongCredentials }) as object),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  };
  const account = createCarrierAccount(plugin, config, {
    clock,
    limits: { perSecond: 200, perMinute: 12_000 },
    retry: { retries: 2, minTimeoutMs: 5, maxTimeoutMs: 20 },
    adaptive: { defaultPauseMs: 50, maxPauseMs: 50 },
  });
  return { clock, sim, account, baseUrl, config };
}

function seed(h: Harness, kit: SimulatorKit<any>, n: number, fate: ParcelFate): string {
  const waybillNo = kit.waybill(n);
  h.sim.world.add({ waybillNo, fate, phoneLast4: '1234', collectedAt: h.clock.nowMs() - 10 * HOUR });
  return waybillNo;
}

function notApplicable(ctx: TestContext, kit: SimulatorKit<any>, scenario: 'quota' | 'auth' | 'notFound' | 'push'): boolean {
  const reason = kit.notApplicable?.[scenario];
  if (reason) ctx.skip(`not applicable for ${kit.carrierId}: ${reason}`);
  return Boolean(reason);
}

/** Runs the whole contract for one plugin. `kit` is undefined only for declaration-only entries. */
export function describeCarrierContract(plugin: AnyCarrierPlugin, kit: SimulatorKit<any> | undefined): void {
  describe(`${plugin.id} contract`, () => {
    if (!plugin.create) {
      it('is declaration-only: no client, no own capabilities, no simulator', () => {
        expect(plugin.configSchema).toBeUndefined();
        expect(plugin.capabilities.track).toBe(false);
        expect(plugin.capabilities.intercept).toBe(false);
        expect(plugin.capabilities.cancelIntercept).toBe(false);
        expect(plugin.capabilities.push).toBe(false);
        expect(kit).toBeUndefined();
        expect(() => createCarrierAccount(plugin, {}, { clock: new TestClock(START) })).toThrow(ConfigError);
      });
      return;
    }
    if (!kit) throw new Error(`${plugin.id} has a client but no simulator kit in mocks/index.ts`);
    const caps = plugin.capabilities;

    it('declared capabilities match the client methods', () => {
      const h = harness(plugin, kit);
      expect(Boolean(h.account.track)).toBe(caps.track !== false);
      expect(Boolean(h.account.intercept)).toBe(caps.intercept !== false);
      expect(Boolean(h.account.cancelIntercept)).toBe(caps.cancelIntercept !== false);
      expect(Boolean(h.account.parsePush)).toBe(caps.push !== false);
      expect(Boolean(kit.push)).toBe(caps.push !== false);
    });

    it('a credential check, where the plugin has one, accepts the sandbox account and rejects wrong credentials', async () => {
      const good = harness(plugin, kit);
      const verdict = await checkAccountCredentials(plugin, good.config, { clock: good.clock });
      if (verdict.status === 'NOT_VERIFIED') return;
      expect(verdict).toEqual({ status: 'VERIFIED' });
      const bad = harness(plugin, kit, { wrongCredentials: true });
      const rejected = await checkAccountCredentials(plugin, bad.config, { clock: bad.clock });
      expect(rejected.status).toBe('REJECTED');
    });

    it('a missing credential is a config error naming the field', () => {
      const full = kit.pluginConfig('https://x.test') as Record<string, unknown>;
      const required = Object.keys(full).filter((key) => {
        const { [key]: _dropped, ...rest } = full;
        return !plugin.configSchema!.safeParse(rest).success;
      });
      expect(required.length).toBeGreaterThan(0);
      for (const key of required) {
        const { [key]: _dropped, ...rest } = full;
        let caught: unknown;
        try {
          createCarrierAccount(plugin, rest, { clock: new TestClock(START) });
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(ConfigError);
        expect((caught as ConfigError).issues.map((i) => i.path)).toContain(key);
      }
    });

    if (caps.track) {
      it('track: a moving parcel gives sorted events, a status and the raw payload', async () => {
        const h = harness(plugin, kit);
        const waybillNo = seed(h, kit, 1, 'deliver');
        const [result] = await h.account.track!([{ waybillNo, phoneLast4: '1234', carrierId: kit.hubCarrierId }]);
        expect(TrackResultSchema.parse(result)).toBeTruthy();
        expect(result!.found).toBe(true);
        expect(result!.carrierId).toBe(plugin.id);
        expect(result!.waybillNo).toBe(waybillNo);
        expect(result!.events.length).toBeGreaterThanOrEqual(2);
        const times = result!.events.map((e) => e.at);
        expect([...times].sort()).toEqual(times);
        expect(result!.events[0]!.kind).toBe('COLLECTED');
        expect(result!.status).toBe('IN_TRANSIT');
        expect(result!.raw).toBeDefined();
      });

      it('track: a batch larger than the declared size is split and answered in order', async () => {
        const h = harness(plugin, kit);
        const count = Math.min(caps.track ? caps.track.batchSize + 1 : 2, 12);
        const numbers = Array.from({ length: count }, (_, i) => seed(h, kit, 10 + i, 'deliver'));
        const results = await h.account.track!(
          numbers.map((waybillNo) => ({ waybillNo, phoneLast4: '1234', carrierId: kit.hubCarrierId })),
        );
        expect(results.map((r) => r.waybillNo)).toEqual(numbers);
        expect(h.sim.stats.requests).toBe(Math.ceil(count / (caps.track ? caps.track.batchSize : 1)));
      });

      it('track: an unknown number is reported as not found', async (ctx) => {
        if (notApplicable(ctx, kit, 'notFound')) return;
        const h = harness(plugin, kit);
        const waybillNo = kit.waybill(99);
        try {
          const [result] = await h.account.track!([{ waybillNo, phoneLast4: '1234', carrierId: kit.hubCarrierId }]);
          expect(result!.found).toBe(false);
          expect(result!.status).toBe('NOT_FOUND');
          expect(result!.events).toEqual([]);
        } catch (error) {
          expect(error).toBeInstanceOf(NotFoundError);
        }
      });

      it('auth failure makes exactly one call and throws AuthError', async (ctx) => {
        if (notApplicable(ctx, kit, 'auth')) return;
        const h = harness(plugin, kit, { wrongCredentials: true });
        const waybillNo = seed(h, kit, 2, 'deliver');
        await expect(h.account.track!([{ waybillNo, phoneLast4: '1234', carrierId: kit.hubCarrierId }])).rejects.toBeInstanceOf(AuthError);
        expect(h.sim.stats.requests).toBe(1);
      });

      it('a 5xx answer is retried, then succeeds', async () => {
        const h = harness(plugin, kit);
        const waybillNo = seed(h, kit, 3, 'deliver');
        h.sim.faults.inject({ type: 'http-error', status: 503 });
        const [result] = await h.account.track!([{ waybillNo, phoneLast4: '1234', carrierId: kit.hubCarrierId }]);
        expect(result!.found).toBe(true);
        expect(h.sim.stats.requests).toBe(2);
      });

      it('a quota error is retried after its delay and lowers the account rate', async (ctx) => {
        if (notApplicable(ctx, kit, 'quota')) return;
        const h = harness(plugin, kit);
        const waybillNo = seed(h, kit, 4, 'deliver');
        h.sim.faults.inject({ type: 'quota' });
        const [result] = await h.account.track!([{ waybillNo, phoneLast4: '1234', carrierId: kit.hubCarrierId }]);
        expect(result!.found).toBe(true);
        expect(h.sim.stats.requests).toBe(2);
        expect(h.account.limiter.quotaErrors).toBe(1);
        expect(h.account.limiter.rateMultiplier).toBeLessThan(1);
      });

      it('a malformed body is a BadResponseError with the zod issues, not retried', async () => {
        const h = harness(plugin, kit);
        const waybillNo = seed(h, kit, 5, 'deliver');
        h.sim.faults.inject({ type: 'malformed' });
        const error = await h.account.track!([{ waybillNo, phoneLast4: '1234', carrierId: kit.hubCarrierId }]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BadResponseError);
        expect((error as BadResponseError).issues.length).toBeGreaterThan(0);
        expect(h.sim.stats.requests).toBe(1);
      });

      it('no answer in time is a timeout, retried up to the policy, then thrown', async () => {
        const h = harness(plugin, kit, { timeoutMs: 100 });
        const waybillNo = seed(h, kit, 6, 'deliver');
        h.sim.faults.inject({ type: 'delay', ms: 400 }, 3);
        await expect(h.account.track!([{ waybillNo, phoneLast4: '1234', carrierId: kit.hubCarrierId }])).rejects.toBeInstanceOf(
          CarrierTimeoutError,
        );
        expect(h.sim.stats.requests).toBe(3);
      });
    }

    if (caps.intercept) {
      const kind = caps.intercept.kinds.includes('RETURN_TO_SENDER') ? 'RETURN_TO_SENDER' : caps.intercept.kinds[0]!;
      const request = (waybillNo: string, key: string) => ({
        waybillNo,
        carrierId: kit.hubCarrierId,
        kind,
        reason: '买家申请仅退款，拦截退回',
        idempotencyKey: key,
        phoneLast4: '1234',
        address: SENDER,
      });

      it('intercept: a moving parcel is accepted', async () => {
        const h = harness(plugin, kit);
        const waybillNo = seed(h, kit, 20, 'deliver');
        const result = await h.account.intercept!(request(waybillNo, 'contract-accept-1'));
        expect(result.state).toBe('ACCEPTED');
        expect(result.raw).toBeDefined();
        expect(h.sim.world.get(waybillNo)!.interception?.state).toBe('ACCEPTED');
      });

      it('intercept: a delivered parcel is refused as ALREADY_DELIVERED', async () => {
        const h = harness(plugin, kit);
        const waybillNo = seed(h, kit, 21, 'delivered');
        const result = await h.account.intercept!(request(waybillNo, 'contract-refuse-1'));
        expect(result.state).toBe('REJECTED');
        expect(result.refusal).toBe('ALREADY_DELIVERED');
        expect(result.carrierCode).toBeTruthy();
      });

      it(`intercept: a 5xx is ${caps.intercept.idempotencyKey ? 'retried with the same key' : 'never retried blindly (no carrier idempotency key)'}`, async () => {
        const h = harness(plugin, kit);
        const waybillNo = seed(h, kit, 22, 'deliver');
        h.sim.faults.inject({ type: 'http-error', status: 502 });
        if (caps.intercept && caps.intercept.idempotencyKey) {
          const result = await h.account.intercept!(request(waybillNo, 'contract-retry-1'));
          expect(result.state).toBe('ACCEPTED');
          expect(h.sim.stats.requests).toBe(2);
        } else {
          await expect(h.account.intercept!(request(waybillNo, 'contract-retry-1'))).rejects.toBeInstanceOf(CarrierUnavailableError);
          expect(h.sim.stats.requests).toBe(1);
        }
      });
    }

    if (caps.intercept && caps.cancelIntercept) {
      it('cancel: an accepted interception can be withdrawn before the parcel turns back', async () => {
        const h = harness(plugin, kit);
        const waybillNo = seed(h, kit, 30, 'deliver');
        const kind = caps.intercept && caps.intercept.kinds.includes('RETURN_TO_SENDER') ? 'RETURN_TO_SENDER' : 'RETURN_TO_ADDRESS';
        const accepted = await h.account.intercept!({
          waybillNo,
          carrierId: kit.hubCarrierId,
          kind,
          reason: '买家取消售后',
          idempotencyKey: 'contract-cancel-1',
          phoneLast4: '1234',
          address: SENDER,
        });
        expect(accepted.state).toBe('ACCEPTED');
        const cancelled = await h.account.cancelIntercept!({
          waybillNo,
          carrierId: kit.hubCarrierId,
          carrierRef: accepted.carrierRef,
          idempotencyKey: 'contract-cancel-1',
          reason: '买家取消售后',
        });
        expect(cancelled.state).toBe('CANCELLED');
        expect(h.sim.world.get(waybillNo)!.interception?.state).toBe('CANCELLED');
      });
    }

    if (caps.push) {
      it('push: a genuine push is parsed into events with the exact reply the carrier expects', async (ctx) => {
        if (notApplicable(ctx, kit, 'push')) return;
        const h = harness(plugin, kit);
        const waybillNo = seed(h, kit, 40, 'deliver');
        const parsed = h.account.parsePush!(kit.push!(h.sim, [waybillNo], { config: h.config }));
        expect(parsed.reply.status).toBe(200);
        expect(parsed.reply.body.length).toBeGreaterThan(0);
        const update = parsed.updates.find((u) => u.waybillNo === waybillNo);
        expect(update).toBeDefined();
        expect(update!.carrierId).toBe(plugin.id);
        expect(update!.events.length).toBeGreaterThan(0);
        expect(update!.events.some((e) => e.kind === 'COLLECTED')).toBe(true);
      });

      it(`push: a ${caps.push.auth === 'signature' ? 'forged signature' : 'missing or wrong URL token'} is refused`, async (ctx) => {
        if (notApplicable(ctx, kit, 'push')) return;
        const h = harness(plugin, kit);
        const waybillNo = seed(h, kit, 41, 'deliver');
        expect(() => h.account.parsePush!(kit.push!(h.sim, [waybillNo], { config: h.config, forged: true }))).toThrow(PushRejectedError);
      });
    }
  });
}
