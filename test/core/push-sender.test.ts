// Simulator pushes over HTTP: the pump sends each parcel's events once they change, and the plugin verifies what arrives.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from '../../src/clock/index.ts';
import { createCarrierAccount, type PushParseResult } from '../../src/carrier/index.ts';
import { carrierRegistry } from '../../carriers/index.ts';
import { simulatorKits } from '../../mocks/index.ts';
import { PushPump } from '../../mocks/kit/push-sender.ts';

describe('PushPump', () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('delivers verified ZTO pushes once per change', async () => {
    const clock = new TestClock('2026-06-01T02:00:00.000Z');
    const kit = simulatorKits.zto!;
    const sim = kit.create({ clock });
    const config = kit.pluginConfig('https://zto.unused.test');
    const account = createCarrierAccount(carrierRegistry.require('zto'), config, { clock });
    const parsed: PushParseResult[] = [];
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
        const result = account.parsePush!({
          headers,
          query: {},
          body: Buffer.concat(chunks).toString('utf8'),
          remoteIp: req.socket.remoteAddress,
        });
        parsed.push(result);
        res.writeHead(result.reply.status, { 'content-type': result.reply.contentType }).end(result.reply.body);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/push`;
    sim.world.add({ waybillNo: kit.waybill(1), fate: 'deliver', collectedAt: clock.nowMs() - 3_600_000 });
    const pump = new PushPump(sim, kit, config, url);
    expect(await pump.pump()).toBe(1);
    expect(await pump.pump()).toBe(0);
    clock.advance(5 * 3_600_000);
    expect(await pump.pump()).toBe(1);
    expect(pump.deliveries.map((d) => d.status)).toEqual([200, 200]);
    expect(parsed[1]!.updates[0]!.events.map((e) => e.kind)).toContain('IN_TRANSIT');
  });
});
