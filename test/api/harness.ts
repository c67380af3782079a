// Test harness for the API: an in-process gateway (sandbox or live) on a temp data folder, with the log stream captured and helpers for authenticated requests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadEnv, type ConfigFile } from '../../src/server/config.ts';
import { startGateway, type Gateway } from '../../src/server/gateway.ts';

/** A gateway under test plus its captured log. */
export interface TestGateway {
  gw: Gateway;
  log: string[];
  merchantKey: string;
  supportKey: string;
  /** Injects a request with a key (default: the sandbox merchant key). */
  call(options: InjectOptions & { key?: string | null }): Promise<LightMyRequestResponse>;
  stop(): Promise<void>;
}

export const MERCHANT_KEY = 'lj_test_merchant_key_0123456789abcdef';
export const SUPPORT_KEY = 'lj_test_support_key_0123456789abcdef';
/** The secret key of live-mode test gateways (64 hex characters). */
export const TEST_SECRET_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

/** Starts a gateway on 127.0.0.1:0 in a fresh data folder; the coordinator ticks only when the test advances the clock. */
export async function testGateway(
  options: { sandbox?: boolean; config?: Partial<ConfigFile>; env?: Record<string, string> } = {},
): Promise<TestGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'lanjie-api-'));
  const log: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      log.push(String(chunk));
      done();
    },
  });
  const sandbox = options.sandbox ?? true;
  const env = loadEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    LANJIE_DATA_DIR: dir,
    LANJIE_TICK_MS: '3600000',
    LANJIE_LOG_LEVEL: 'info',
    ...(sandbox
      ? { LANJIE_SANDBOX_API_KEY: MERCHANT_KEY, LANJIE_SANDBOX_SUPPORT_KEY: SUPPORT_KEY }
      : { LANJIE_SUPPORT_API_KEY: SUPPORT_KEY, LANJIE_SECRET_KEY: TEST_SECRET_KEY }),
    ...options.env,
  });
  const gw = await startGateway({ env, config: { merchants: [], ...options.config }, sandbox, logStream });
  return {
    gw,
    log,
    merchantKey: MERCHANT_KEY,
    supportKey: SUPPORT_KEY,
    call: ({ key, ...request }) =>
      gw.app.inject({
        ...request,
        headers: { ...(key === null ? {} : { authorization: `Bearer ${key ?? MERCHANT_KEY}` }), ...(request.headers ?? {}) },
      }),
    stop: () => gw.stop(),
  };
}

/** A valid `POST /v1/cases` body for one parcel. */
export function openBody(waybill: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    platform: 'shop',
    afterSaleId: 'as-1',
    orderId: 'o-1',
    refundAmountFen: 12_900,
    reason: 'NOT_RECEIVED',
    skuOrders: [{ skuOrderId: 's-1', amountFen: 12_900, refunded: true }],
    shipments: [{ waybill, phoneLast4: '1234', skuOrderIds: ['s-1'] }],
    ...overrides,
  };
}

/** Row counts of the tables an API call may write. */
export async function counts(gw: Gateway): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [
    'cases',
    'case_events',
    'effects',
    'case_requests',
    'intercepts',
    'inbox',
    'api_keys',
    'merchants',
    'audit_log',
  ] as const) {
    const row = await gw.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}
