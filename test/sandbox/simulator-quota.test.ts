// One quota per carrier account at the simulators host: two ZTO plugin clients (two gateways) on the URLs and credentials of GET /config share the simulator's windows, and /stats counts the refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carrierRegistry } from '../../carriers/index.ts';
import { RateLimitedError } from '../../src/carrier/errors.ts';
import { TestClock } from '../../src/clock/clock.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import { SimulatorHost } from '../../src/sandbox/simulator-host.ts';
import { buildPluginClient } from '../carriers/harness.ts';

describe('simulators host: one quota per carrier account', () => {
  // A test clock that does not move: every call falls in the same one-second window.
  const clock = new TestClock('2026-06-01T02:00:00.000Z');
  let host: SimulatorHost;
  beforeAll(async () => {
    host = await SimulatorHost.start({ port: 0, clock, logger: silentLogger, quotas: { carriers: { zto: { perSecond: 3 } } } });
  });
  afterAll(async () => {
    await host.stop();
  });

  it('two clients on the same account get 3 calls in the window between them; the rest are quota errors counted at the simulator', async () => {
    const waybillNo = host.addParcels({ carrier: 'zto', fate: 'deliver', count: 1, phoneLast4: '1234', collectedHoursAgo: 10 })!.parcels[0]!
      .waybillNo;
    const account = host.merchantConfig().accounts.zto;
    const plugin = carrierRegistry.require('zto');
    const gateways = [1, 2].map(() => buildPluginClient(plugin, account, clock).client);
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      for (const gw of gateways) {
        try {
          await gw.track!([{ waybillNo }]);
          outcomes.push('ok');
        } catch (error) {
          // handled: the outcome under test
          outcomes.push(error instanceof RateLimitedError ? 'quota' : `other: ${String(error)}`);
        }
      }
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'quota', 'quota', 'quota']);
    expect(host.stats().carriers.zto).toMatchObject({ requests: 6, served: 3, quotaErrors: 3, authErrors: 0, quota: { perSecond: 3 } });
    expect(host.stats().totals).toMatchObject({ requests: 6, served: 3, quotaErrors: 3 });
  });
});
