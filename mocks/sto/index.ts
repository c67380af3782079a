// The STO simulator kit for the contract suite, the sandbox and benchmarks: simulator, plugin config and waybill numbers (no pushes).
import type { SimulatorKit } from '../kit/types.ts';
import { STO_SIM_CREDENTIALS, StoSimulator } from './simulator.ts';

/** The plugin configuration the kit produces (mirrors carriers/sto StoConfig; mocks never import plugins). */
export interface StoKitConfig {
  baseUrl: string;
  timeoutMs?: number;
  fromAppkey: string;
  fromCode: string;
  secretKey: string;
}

export { StoSimulator, STO_SIM_CODES, STO_SIM_CREDENTIALS } from './simulator.ts';

/** The STO kit: simulator factory, sandbox plugin config and waybill numbers. */
export const kit: SimulatorKit<StoKitConfig> = {
  carrierId: 'sto',
  create: (options) => new StoSimulator(options),
  pluginConfig: (baseUrl, options = {}) => ({
    baseUrl,
    timeoutMs: 2_000,
    fromAppkey: STO_SIM_CREDENTIALS.fromAppkey,
    fromCode: STO_SIM_CREDENTIALS.fromCode,
    secretKey: options.wrongCredentials ? 'not-the-sandbox-secret' : STO_SIM_CREDENTIALS.secretKey,
  }),
  // '77' + thirteen digits of n: the typical 15-digit form, matches ^(77|43)\d{12,15}$, distinct for n < 10^13.
  waybill: (n) => `77${String(Math.trunc(Math.abs(n)) % 10_000_000_000_000).padStart(13, '0')}`,
};
