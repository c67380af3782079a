// The China Post platform simulator kit (EMS product) and the kit builder the China Post products reuse.
import type { SimulatorKit } from '../kit/types.ts';
import { EMS_SIM_CREDENTIALS, EmsPlatformSimulator, type EmsSimProduct } from './simulator.ts';

export { EmsPlatformSimulator, EMS_SIM_CREDENTIALS, EMS_SIM_CODES, emsSimEncrypt } from './simulator.ts';
export type { EmsSimCredentials, EmsSimProduct, EmsSimRouteItem, EmsSimulatorOptions } from './simulator.ts';

/** The plugin configuration a platform kit produces (the plugins' account config, as input). */
export interface EmsKitConfig {
  baseUrl: string;
  timeoutMs?: number;
  senderNo: string;
  authorization: string;
  signKey: string;
}

/** A valid SM4 key that is not the sandbox's (wrong-credentials scenario): Base64 of "not-sandbox-key!". */
const WRONG_SIGN_KEY = Buffer.from('not-sandbox-key!', 'utf8').toString('base64');

/**
 * The kit of one product of the platform. `firstDigit` starts its 13-digit numbers (EMS 1, China
 * Post parcels 9: reference §17, mark I).
 */
export function emsPlatformKit(product: EmsSimProduct, firstDigit: '1' | '9'): SimulatorKit<EmsKitConfig> {
  return {
    carrierId: product,
    create: (options) => new EmsPlatformSimulator({ ...options, product }),
    pluginConfig: (baseUrl, options = {}) => ({
      baseUrl,
      timeoutMs: 2_000,
      senderNo: EMS_SIM_CREDENTIALS.senderNo,
      authorization: EMS_SIM_CREDENTIALS.authorization,
      signKey: options.wrongCredentials ? WRONG_SIGN_KEY : EMS_SIM_CREDENTIALS.signKey,
    }),
    // firstDigit + twelve digits of n: 13 digits, distinct for every n below 10^12.
    waybill: (n) => `${firstDigit}${String(Math.trunc(Math.abs(n)) % 1_000_000_000_000).padStart(12, '0')}`,
    push: (simulator, waybillNos, { forged, config }) => {
      if (!(simulator instanceof EmsPlatformSimulator)) throw new TypeError(`kit.push: not a ${product} simulator`);
      // One push carrying every visible event of the waybills (an array when there are several).
      const items = waybillNos.flatMap((no) => simulator.routeItems(no));
      return simulator.buildPush(items, {
        forged: forged ?? false,
        credentials: { senderNo: config.senderNo, authorization: config.authorization, signKey: config.signKey },
      });
    },
  };
}

export const kit: SimulatorKit<EmsKitConfig> = emsPlatformKit('ems', '1');
