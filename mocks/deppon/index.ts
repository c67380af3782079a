// The Deppon simulator kit for the contract suite, the sandbox and benchmarks: simulator, plugin config and waybill numbers (no push: format unknown).
import type { SimulatorKit } from '../kit/types.ts';
import { DEPPON_SIM_CREDENTIALS, DepponSimulator } from './simulator.ts';

/** The plugin configuration the kit produces (the Deppon plugin's account config, as input). */
export interface DepponKitConfig {
  baseUrl: string;
  timeoutMs?: number;
  companyCode: string;
  appKey: string;
}

export { DepponSimulator, DEPPON_SIM_AUTH_ERROR, DEPPON_SIM_CREDENTIALS, DEPPON_SIM_PATHS } from './simulator.ts';

export const kit: SimulatorKit<DepponKitConfig> = {
  carrierId: 'deppon',
  create: (options) => new DepponSimulator(options),
  pluginConfig: (baseUrl, options = {}) => ({
    baseUrl,
    timeoutMs: 2_000,
    companyCode: DEPPON_SIM_CREDENTIALS.companyCode,
    appKey: options.wrongCredentials ? 'not-the-sandbox-appkey' : DEPPON_SIM_CREDENTIALS.appKey,
  }),
  // 'DPK' + twelve digits of n: matches ^DPK\d{12}$ and differs for every n below 10^12.
  waybill: (n) => `DPK${String(Math.trunc(Math.abs(n)) % 1_000_000_000_000).padStart(12, '0')}`,
};
