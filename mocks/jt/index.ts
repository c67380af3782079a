// The J&T simulator kit for the contract suite, the sandbox and benchmarks: simulator, plugin config and waybill numbers (no pushes).
import type { SimulatorKit } from '../kit/types.ts';
import { JT_SIM_CREDENTIALS, JtSimulator } from './simulator.ts';

/** The plugin configuration the kit produces (mirrors carriers/jt JtConfig; mocks never import plugins). */
export interface JtKitConfig {
  baseUrl: string;
  timeoutMs?: number;
  apiAccount: string;
  privateKey: string;
}

export { JtSimulator, JT_SIM_CODES, JT_SIM_CREDENTIALS } from './simulator.ts';

/** The J&T kit: simulator factory, sandbox plugin config and waybill numbers. */
export const kit: SimulatorKit<JtKitConfig> = {
  carrierId: 'jt',
  create: (options) => new JtSimulator(options),
  pluginConfig: (baseUrl, options = {}) => ({
    baseUrl,
    timeoutMs: 2_000,
    apiAccount: JT_SIM_CREDENTIALS.apiAccount,
    privateKey: options.wrongCredentials ? 'not-the-sandbox-private-key' : JT_SIM_CREDENTIALS.privateKey,
  }),
  // 'JT' + thirteen digits of n: matches ^JT\d{13}$, distinct for n < 10^13.
  waybill: (n) => `JT${String(Math.trunc(Math.abs(n)) % 10_000_000_000_000).padStart(13, '0')}`,
};
