// The Kuaidi100 simulator kit for the contract suite, the sandbox and benchmarks: simulator, plugin config, ZTO numbers, pushes.
import type { SimulatorKit } from '../kit/types.ts';
import { KUAIDI100_SIM_CREDENTIALS, Kuaidi100Simulator } from './simulator.ts';

/** The plugin configuration the kit produces (the Kuaidi100 plugin's account config, as input). */
export interface Kuaidi100KitConfig {
  baseUrl: string;
  apiBaseUrl: string;
  autonumberUrl: string;
  timeoutMs?: number;
  customer: string;
  key: string;
  secret: string;
  salt: string;
  callbackUrl: string;
}

/** The salt the sandbox account sends with subscriptions and interceptions. */
export const KUAIDI100_SIM_SALT = 'kd100-sandbox-salt';

export { Kuaidi100Simulator, KUAIDI100_SIM_CREDENTIALS, KUAIDI100_SIM_LOCK_ANSWER, KUAIDI100_SIM_QUOTA_ANSWER } from './simulator.ts';

export const kit: SimulatorKit<Kuaidi100KitConfig> = {
  carrierId: 'kuaidi100',
  create: (options) => new Kuaidi100Simulator(options),
  // Every host (poll, api, autonumber) is the simulator's one origin.
  pluginConfig: (baseUrl, options = {}) => ({
    baseUrl,
    apiBaseUrl: baseUrl,
    autonumberUrl: `${baseUrl.replace(/\/+$/, '')}/autonumber/auto`,
    timeoutMs: 2_000,
    customer: KUAIDI100_SIM_CREDENTIALS.customer,
    key: options.wrongCredentials ? 'not-the-sandbox-key' : KUAIDI100_SIM_CREDENTIALS.key,
    secret: KUAIDI100_SIM_CREDENTIALS.secret,
    salt: KUAIDI100_SIM_SALT,
    callbackUrl: 'https://lanjie.sandbox.test/push/kuaidi100',
  }),
  hubCarrierId: 'zto',
  // '7510' + ten digits of n: a ZTO number (^7[3-68]\d{12}$), different for every n below 10^10.
  waybill: (n) => `7510${String(Math.trunc(Math.abs(n)) % 10_000_000_000).padStart(10, '0')}`,
  push: (simulator, waybillNos, { forged, config }) => {
    if (!(simulator instanceof Kuaidi100Simulator)) throw new TypeError('kit.push: not a Kuaidi100 simulator');
    // Kuaidi100 pushes one number per request (param.lastResult is one number's result).
    if (waybillNos.length !== 1) throw new RangeError(`kit.push: Kuaidi100 pushes one number per request, got ${waybillNos.length}`);
    return simulator.buildPush(waybillNos[0]!, { salt: config.salt, com: 'zhongtong', forged: forged ?? false });
  },
};
