// The ZTO simulator kit for the contract suite, the sandbox and benchmarks: simulator, plugin config, waybill numbers, pushes.
import type { SimulatorKit } from '../kit/types.ts';
import { ZTO_SIM_CREDENTIALS, ZtoSimulator } from './simulator.ts';

/** The plugin configuration the kit produces (the ZTO plugin's account config, as input). */
export interface ZtoKitConfig {
  /** The simulator's URL. */
  baseUrl: string;
  /** Per-request timeout; the kit uses 2 s. */
  timeoutMs?: number;
  /** Sandbox app key. */
  appKey: string;
  /** Sandbox app secret (a wrong one for the auth scenario). */
  appSecret: string;
}

export { ZtoSimulator, ZTO_SIM_CREDENTIALS } from './simulator.ts';

/** The ZTO kit: simulator factory, sandbox plugin config, valid waybill numbers and signed pushes. */
export const kit: SimulatorKit<ZtoKitConfig> = {
  carrierId: 'zto',
  create: (options) => new ZtoSimulator(options),
  pluginConfig: (baseUrl, options = {}) => ({
    baseUrl,
    timeoutMs: 2_000,
    appKey: ZTO_SIM_CREDENTIALS.appKey,
    appSecret: options.wrongCredentials ? 'not-the-sandbox-secret' : ZTO_SIM_CREDENTIALS.appSecret,
  }),
  // '7310' + ten digits of n: matches ^7[3-68]\d{12}$ and differs for every n below 10^10.
  waybill: (n) => `7310${String(Math.trunc(Math.abs(n)) % 10_000_000_000).padStart(10, '0')}`,
  push: (simulator, waybillNos, { forged, config }) => {
    if (!(simulator instanceof ZtoSimulator)) throw new TypeError('kit.push: not a ZTO simulator');
    // One request for all the waybills' visible events: data is an array when there are several.
    const traces = waybillNos.flatMap((no) => simulator.pushTraces(no));
    return simulator.buildPush(traces, { forged: forged ?? false, credentials: { appKey: config.appKey, appSecret: config.appSecret } });
  },
};
