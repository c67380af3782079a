// The Douyin access-token refresh: due tokens renewed through /token/refresh and stored, one instance at a time, nothing lost on conflicts or refusals.
import { describe, expect, it, vi } from 'vitest';
import { MerchantConfigSchema } from '../../src/merchants/merchant-config.ts';
import { StoreMerchantDirectory } from '../../src/merchants/store-merchants.ts';
import { TestClock } from '../../src/clock/index.ts';
import { maskedMerchant } from '../../src/merchants/redact.ts';
import { DouyinAccounts, DouyinTokenRefresher, tokenLeaseKey } from '../../src/platform/douyin/index.ts';
import { acquireLease, releaseLease } from '../../src/store/settings-lease.ts';
import { DOUYIN_PATHS } from '../../carriers/douyin/client.ts';
import { AfterSaleLookupSchema } from '../../carriers/douyin/schemas.ts';
import { expiryOf } from '../../carriers/douyin/token.ts';
import { DOUYIN_SIM_CREDENTIALS, DouyinSimulator, douyinSandboxConfig, type DouyinSimulatorOptions } from '../../mocks/douyin/index.ts';
import { mountOnNock } from '../../mocks/kit/nock.ts';
import type { Store } from '../../src/store/connect.ts';
import { TARGETS, storePerTest } from '../store/targets.ts';
import { testGateway } from '../api/harness.ts';

const START = '2026-06-01T02:00:00.000Z';
const HOUR = 3_600_000;
const BASE_URL = 'https://douyin-token.fixture.test';
const WEEK_MS = 7 * 24 * HOUR;

describe('expires_in as the platform may send it', () => {
  it('reads a lifetime in seconds, and a Unix time in seconds', () => {
    const now = Date.parse(START);
    expect(expiryOf(604_800, now)).toBe(new Date(now + WEEK_MS).toISOString());
    expect(expiryOf(Math.floor((now + WEEK_MS) / 1000), now)).toBe(new Date(now + WEEK_MS).toISOString());
  });
});

/** A store-backed directory holding merchant m-1 with the sandbox shop's account and the given token fields. */
async function world(store: Store, douyin: Record<string, unknown>, sim: Omit<DouyinSimulatorOptions, 'clock'> = {}) {
  const clock = new TestClock(START);
  const simulator = new DouyinSimulator({ clock, ...sim });
  mountOnNock(simulator, BASE_URL);
  const merchants = await new StoreMerchantDirectory(store, clock).load();
  await merchants.put({
    id: 'm-1',
    name: 'shop',
    douyinShopIds: [DOUYIN_SIM_CREDENTIALS.shopId],
    accounts: { douyin: { ...douyinSandboxConfig(BASE_URL), ...douyin } },
  });
  return { clock, sim: simulator, merchants };
}

const dueIn = (clock: TestClock, ms: number) => new Date(clock.nowMs() + ms).toISOString();
const douyinOf = (m: { accounts: Record<string, unknown> } | undefined) => m?.accounts.douyin as Record<string, string> | undefined;

for (const target of TARGETS) {
  describe(`Douyin token refresh on ${target.label}`, () => {
    const storeOf = storePerTest(target);

    it('renews a token that expires within the margin, stores the new pair and uses it at once', async (ctx) => {
      const { store } = await storeOf(ctx);
      const { clock, sim, merchants } = await world(store, {
        refreshToken: DOUYIN_SIM_CREDENTIALS.refreshToken,
        accessTokenExpiresAt: new Date(Date.parse(START) + 2 * HOUR).toISOString(),
      });
      const accounts = new DouyinAccounts(merchants, clock);
      const refresher = new DouyinTokenRefresher({ store, clock, merchants });

      const outcomes = await refresher.runOnce();
      expect(outcomes).toEqual([{ merchantId: 'm-1', outcome: 'REFRESHED', accessTokenExpiresAt: dueIn(clock, WEEK_MS) }]);
      expect(sim.tokens.refreshes).toBe(1);
      const stored = douyinOf(await merchants.fetch('m-1'))!;
      expect(stored.accessToken).toMatch(/^sim-at-/);
      expect(stored.refreshToken).toMatch(/^sim-rt-/);
      expect(stored.accessTokenExpiresAt).toBe(dueIn(clock, WEEK_MS));
      // The rest of the account and of the merchant is as it was.
      expect(stored.appKey).toBe(DOUYIN_SIM_CREDENTIALS.appKey);
      expect((await merchants.fetch('m-1'))?.name).toBe('shop');
      expect(douyinOf(merchants.get('m-1'))?.accessToken).toBe(stored.accessToken);

      // The old token stops working; calls made now go out with the new one.
      sim.tokens.revoke(DOUYIN_SIM_CREDENTIALS.accessToken);
      const data = await accounts
        .get('m-1')!
        .api.call(DOUYIN_PATHS.afterSaleList, { page: 0, size: 20 }, AfterSaleLookupSchema, 'afterSale.List');
      expect(data).toBeDefined();

      // Not due any more: nothing to do.
      expect(await refresher.runOnce()).toEqual([]);
      // Six days later it is due again, and the refresh token that came with the new pair is the one sent.
      clock.advance(6 * 24 * HOUR + 1);
      expect((await refresher.runOnce()).map((o) => o.outcome)).toEqual(['REFRESHED']);
      expect(sim.tokens.refreshes).toBe(2);
      expect(sim.tokens.refused).toBe(0);
    });

    it('leaves alone a token far from expiry and an account with no expiry', async (ctx) => {
      const { store } = await storeOf(ctx);
      const { clock, sim, merchants } = await world(store, {
        refreshToken: DOUYIN_SIM_CREDENTIALS.refreshToken,
        accessTokenExpiresAt: new Date(Date.parse(START) + 48 * HOUR).toISOString(),
      });
      await merchants.put({ id: 'm-2', accounts: { douyin: { ...douyinSandboxConfig(BASE_URL), refreshToken: 'x' } } });
      expect(await new DouyinTokenRefresher({ store, clock, merchants }).runOnce()).toEqual([]);
      expect(sim.tokens.refreshes + sim.tokens.refused).toBe(0);
    });

    it('two instances due at once send the single-use refresh token once, and both end up with the new pair', async (ctx) => {
      const { store } = await storeOf(ctx);
      const {
        clock,
        sim,
        merchants: a,
      } = await world(store, {
        refreshToken: DOUYIN_SIM_CREDENTIALS.refreshToken,
        accessTokenExpiresAt: new Date(Date.parse(START) + HOUR).toISOString(),
      });
      const b = await new StoreMerchantDirectory(store, clock).load();
      const stale = await new StoreMerchantDirectory(store, clock).load();
      const outcomes = await Promise.all([
        new DouyinTokenRefresher({ store, clock, merchants: a, owner: 'a' }).runOnce(),
        new DouyinTokenRefresher({ store, clock, merchants: b, owner: 'b' }).runOnce(),
      ]);
      expect(sim.tokens.refreshes).toBe(1);
      expect(sim.tokens.refused).toBe(0);
      const kinds = outcomes
        .flat()
        .map((o) => o.outcome)
        .sort();
      expect(kinds[1]).toBe('REFRESHED');
      expect(['ALREADY_REFRESHED', 'HELD_ELSEWHERE']).toContain(kinds[0]);
      await a.refresh();
      await b.refresh();
      expect(douyinOf(a.get('m-1'))?.accessToken).toMatch(/^sim-at-/);
      expect(douyinOf(b.get('m-1'))?.accessToken).toBe(douyinOf(a.get('m-1'))?.accessToken);

      // The instance that did not refresh, running later from its stale copy, finds the stored row renewed and sends nothing.
      expect(douyinOf(stale.get('m-1'))?.accessToken).toBe(DOUYIN_SIM_CREDENTIALS.accessToken);
      expect((await new DouyinTokenRefresher({ store, clock, merchants: stale }).runOnce()).map((o) => o.outcome)).toEqual([
        'ALREADY_REFRESHED',
      ]);
      expect(sim.tokens.refreshes).toBe(1);
    });

    it('keeps a change another instance wrote while the refresh was in flight', async (ctx) => {
      const { store } = await storeOf(ctx);
      const { clock, merchants } = await world(store, {
        refreshToken: DOUYIN_SIM_CREDENTIALS.refreshToken,
        accessTokenExpiresAt: new Date(Date.parse(START) + HOUR).toISOString(),
      });
      const other = await new StoreMerchantDirectory(store, clock).load();
      const racing = {
        list: () => merchants.list(),
        update: merchants.update.bind(merchants),
        async fetch(id: string) {
          const row = await merchants.fetch(id);
          // Support renames the merchant and turns writes on through another instance, between the read and the write.
          await other.put({ ...other.get(id)!, name: 'renamed', writeEnabled: true });
          return row;
        },
      };
      expect((await new DouyinTokenRefresher({ store, clock, merchants: racing }).runOnce()).map((o) => o.outcome)).toEqual(['REFRESHED']);
      const stored = await merchants.fetch('m-1');
      expect(stored?.name).toBe('renamed');
      expect(stored?.writeEnabled).toBe(true);
      expect(douyinOf(stored)?.accessToken).toMatch(/^sim-at-/);
    });

    it('a refused refresh token changes nothing, says why, and is tried again next round', async (ctx) => {
      const { store } = await storeOf(ctx);
      const { clock, sim, merchants } = await world(store, {
        refreshToken: 'not-a-current-refresh-token',
        accessTokenExpiresAt: new Date(Date.parse(START) + HOUR).toISOString(),
      });
      const before = await merchants.fetch('m-1');
      const refresher = new DouyinTokenRefresher({ store, clock, merchants });
      const [outcome] = await refresher.runOnce();
      expect(outcome?.outcome).toBe('FAILED');
      expect(outcome?.error).toMatch(/refresh_token/);
      expect(await merchants.fetch('m-1')).toEqual(before);
      expect((await refresher.runOnce()).map((o) => o.outcome)).toEqual(['FAILED']);
      expect(sim.tokens.refused).toBe(2);
    });

    it('says plainly when an expired token has no refresh token', async (ctx) => {
      const { store } = await storeOf(ctx);
      const { clock, merchants } = await world(store, { accessTokenExpiresAt: new Date(Date.parse(START) - HOUR).toISOString() });
      expect(await new DouyinTokenRefresher({ store, clock, merchants }).runOnce()).toEqual([
        { merchantId: 'm-1', outcome: 'NO_REFRESH_TOKEN' },
      ]);
    });

    it('reads expires_in sent as a Unix time', async (ctx) => {
      const { store } = await storeOf(ctx);
      const { clock, merchants } = await world(
        store,
        { refreshToken: DOUYIN_SIM_CREDENTIALS.refreshToken, accessTokenExpiresAt: new Date(Date.parse(START) + HOUR).toISOString() },
        { tokens: { expiresInAs: 'epoch' } },
      );
      await new DouyinTokenRefresher({ store, clock, merchants }).runOnce();
      expect(douyinOf(await merchants.fetch('m-1'))?.accessTokenExpiresAt).toBe(dueIn(clock, WEEK_MS));
    });

    it('a lease is held by one owner until it runs out or is given back', async (ctx) => {
      const { store } = await storeOf(ctx);
      const key = tokenLeaseKey('m-1');
      const now = Date.parse(START);
      const a = await acquireLease(store.db, key, 'a', now, 60_000);
      expect(a).toBeDefined();
      expect(await acquireLease(store.db, key, 'b', now + 59_999, 60_000)).toBeUndefined();
      const b = await acquireLease(store.db, key, 'b', now + 60_000, 60_000);
      expect(b).toBeDefined();
      // a's late release does not free b's lease.
      await releaseLease(store.db, a!);
      expect(await acquireLease(store.db, key, 'c', now + 60_001, 60_000)).toBeUndefined();
      await releaseLease(store.db, b!);
      expect(await acquireLease(store.db, key, 'c', now + 60_001, 60_000)).toBeDefined();
    });
  });
}

describe('the token fields as support sees them', () => {
  it('shows the expiry and masks the refresh token', () => {
    const masked = maskedMerchant({
      id: 'm-1',
      type: 'DOMESTIC',
      douyinShopIds: [],
      routing: { defaultRoutes: ['OFFLINE'], routes: {} },
      autoIntercept: true,
      writeEnabled: false,
      accounts: { douyin: { appKey: 'k', appSecret: 's', accessToken: 'at', refreshToken: 'rt', accessTokenExpiresAt: START } },
    });
    expect(masked.accounts.douyin).toMatchObject({ accessToken: '***', refreshToken: '***', accessTokenExpiresAt: START });
  });
});

describe('the gateway', () => {
  it('renews at start a token that expired while it was down, and logs it', async () => {
    const sim = new DouyinSimulator({ clock: new TestClock(START) });
    mountOnNock(sim, BASE_URL);
    const expired = new Date(Date.now() - HOUR).toISOString();
    const t = await testGateway({
      sandbox: false,
      config: {
        merchants: [
          MerchantConfigSchema.parse({
            id: 'm-dy',
            douyinShopIds: [DOUYIN_SIM_CREDENTIALS.shopId],
            accounts: {
              douyin: {
                ...douyinSandboxConfig(BASE_URL),
                refreshToken: DOUYIN_SIM_CREDENTIALS.refreshToken,
                accessTokenExpiresAt: expired,
              },
            },
          }),
        ],
      },
    });
    try {
      await vi.waitFor(() => expect(douyinOf(t.gw.merchants.get('m-dy'))?.accessToken).toMatch(/^sim-at-/), { timeout: 5_000 });
      expect(sim.tokens.refreshes).toBe(1);
      expect(Date.parse(douyinOf(t.gw.merchants.get('m-dy'))!.accessTokenExpiresAt!)).toBeGreaterThan(Date.now() + 6 * 24 * HOUR);
      await vi.waitFor(() => expect(t.log.join('')).toMatch(/Douyin access token of merchant m-dy refreshed/));
      // Neither token reaches the log.
      expect(t.log.join('')).not.toMatch(/sim-at-|sim-rt-/);
    } finally {
      await t.stop();
    }
  });
});
