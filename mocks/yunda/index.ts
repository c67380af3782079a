// The Yunda simulator kit for the contract suite, the sandbox and benchmarks: simulator, plugin config and waybill numbers (no push: format unknown).
import type { SimulatorKit } from '../kit/types.ts';
import { YUNDA_SIM_CREDENTIALS, YundaSimulator } from './simulator.ts';

/** The plugin configuration the kit produces (the Yunda plugin's account config, as input). */
export interface YundaKitConfig {
  baseUrl: string;
  timeoutMs?: number;
  appKey: string;
  appSecret: string;
}

export { YundaSimulator, YUNDA_SIM_AUTH_ERROR, YUNDA_SIM_CREDENTIALS, YUNDA_SIM_OK_CODE, YUNDA_SIM_PATHS } from './simulator.ts';

export const kit: SimulatorKit<YundaKitConfig> = {
  carrierId: 'yunda',
  create: (options) => new YundaSimulator(options),
  pluginConfig: (baseUrl, options = {}) => ({
    baseUrl,
    timeoutMs: 2_000,
    appKey: YUNDA_SIM_CREDENTIALS.appKey,
    appSecret: options.wrongCredentials ? 'not-the-sandbox-secret' : YUNDA_SIM_CREDENTIALS.appSecret,
  }),
  // '31' + thirteen digits of n: matches ^[34]\d{14}$ and differs for every n below 10^13.
  waybill: (n) => `31${String(Math.trunc(Math.abs(n)) % 10_000_000_000_000).padStart(13, '0')}`,
};
