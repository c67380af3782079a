// The Douyin simulator kit: a simulator whose parcels each carry a refund-only after-sale, the sandbox account config, ZTO numbers.
import type { SimulatorKit } from '../kit/types.ts';
import { DOUYIN_SIM_CREDENTIALS, DouyinSimulator } from './simulator.ts';

/** The plugin configuration the kit produces (the Douyin account config, as input). */
export interface DouyinKitConfig {
  baseUrl: string;
  timeoutMs?: number;
  appKey: string;
  appSecret: string;
  accessToken: string;
  shopId: string;
}

export { DouyinSimulator, DOUYIN_SIM_CREDENTIALS } from './simulator.ts';
export type { SimAfterSale, LedgerEntry, AddAfterSaleOptions, DouyinSimulatorOptions } from './simulator.ts';
export { PushOutbox, type SimMessage, type PushTarget, type DeliverOptions } from './push.ts';

/** The sandbox account of the simulated shop at `baseUrl`. */
export function douyinSandboxConfig(baseUrl: string, options: { wrongCredentials?: boolean } = {}): DouyinKitConfig {
  return {
    baseUrl,
    timeoutMs: 2_000,
    appKey: DOUYIN_SIM_CREDENTIALS.appKey,
    appSecret: options.wrongCredentials ? 'not-the-sandbox-secret' : DOUYIN_SIM_CREDENTIALS.appSecret,
    accessToken: DOUYIN_SIM_CREDENTIALS.accessToken,
    shopId: DOUYIN_SIM_CREDENTIALS.shopId,
  };
}

export const kit: SimulatorKit<DouyinKitConfig> = {
  carrierId: 'douyin',
  // The intercept service acts only on an after-sale: in the kit's world every parcel carries one (its carrier is ZTO).
  create: (options) => new DouyinSimulator({ ...options, afterSalePerParcel: true }),
  pluginConfig: (baseUrl, options = {}) => douyinSandboxConfig(baseUrl, options),
  hubCarrierId: 'zto',
  // '7520' + ten digits of n: a ZTO number (^7[3-68]\d{12}$), different for every n below 10^10.
  waybill: (n) => `7520${String(Math.trunc(Math.abs(n)) % 10_000_000_000).padStart(10, '0')}`,
  notApplicable: {
    auth: 'reference §16 gives no Douyin code for a bad signature or token (the simulator answers 40004 参数非法, an InvalidRequestError)',
    quota: 'reference §16 gives no Douyin quota code',
  },
};
