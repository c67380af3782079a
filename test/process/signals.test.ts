// SIGTERM and SIGINT reach the gateway itself (bin/lanjie.js runs the compiled CLI in its own process): it drains, frees its port, leaves no lease held and exits 0 within 10 s.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BIN, portIsFree, startLanjie } from './lanjie-process.ts';

const KEY = 'lj_signal_test_key_0123456789abcdef';

async function openCase(url: string, n: number): Promise<number> {
  const res = await fetch(`${url}/v1/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      platform: 'shop',
      afterSaleId: `AS-SIG-${n}`,
      orderId: `O-SIG-${n}`,
      refundAmountFen: 12900,
      reason: 'NOT_RECEIVED',
      skuOrders: [{ skuOrderId: 'S-1', amountFen: 12900, refunded: true }],
      shipments: [{ waybill: '73100000000101', phoneLast4: '1234', skuOrderIds: ['S-1'] }],
    }),
  });
  return res.status;
}

describe('signals (bin/lanjie.js, compiled)', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} while work is in flight: exit 0 within 10 s, port freed, no lease held`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'lanjie-signal-'));
      const gw = await startLanjie([BIN, 'start'], { ...process.env, PORT: '0', LANJIE_DATA_DIR: dataDir, LANJIE_SANDBOX_API_KEY: KEY });
      const statuses = await Promise.all([1, 2, 3].map((n) => openCase(gw.url, n)));
      expect(statuses).toEqual([201, 201, 201]);
      const end = await gw.stop(signal);
      expect(end, gw.output()).toMatchObject({ code: 0, signal: null });
      expect(end.ms).toBeLessThan(10_000);
      expect(gw.output()).toContain('lanjie stopped');
      expect(await portIsFree(gw.port)).toBe(true);
      const db = new BetterSqlite3(join(dataDir, 'sandbox.db'), { readonly: true });
      try {
        const now = new Date().toISOString();
        const held = db.prepare("SELECT id, status, lease_until FROM effects WHERE status = 'RUNNING' AND lease_until > ?").all(now);
        expect(held).toEqual([]);
        expect((db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n).toBe(3);
      } finally {
        db.close();
      }
    });
  }
});
