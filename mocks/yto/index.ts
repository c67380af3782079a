// The YTO simulator kit for the contract suite, the sandbox and benchmarks: simulator, plugin config, waybill numbers, pushes.
import type { SimulatorKit } from '../kit/types.ts';
import { YTO_SIM_CREDENTIALS, YtoSimulator } from './simulator.ts';

/** The plugin configuration the kit produces (the YTO plugin's account config, as input). */
export interface YtoKitConfig {
  baseUrl: string;
  timeoutMs?: number;
  customerCode: string;
  pathId: string;
  secret: string;
}

export { YtoSimulator, YTO_SIM_CODES, YTO_SIM_CREDENTIALS } from './simulator.ts';
export type { YtoSimCredentials, YtoSimUpdateInfo, YtoSimulatorOptions } from './simulator.ts';

export const kit: SimulatorKit<YtoKitConfig> = {
  carrierId: 'yto',
  create: (options) => new YtoSimulator(options),
  pluginConfig: (baseUrl, options = {}) => ({
    baseUrl,
    timeoutMs: 2_000,
    customerCode: YTO_SIM_CREDENTIALS.customerCode,
    pathId: YTO_SIM_CREDENTIALS.pathId,
    secret: options.wrongCredentials ? 'not-the-sandbox-secret' : YTO_SIM_CREDENTIALS.secret,
  }),
  // 'YT26' + eleven digits of n: matches ^YT\d{13}$ and differs for every n below 10^11.
  waybill: (n) => `YT26${String(Math.trunc(Math.abs(n)) % 100_000_000_000).padStart(11, '0')}`,
  // YTO pushes one event per request: this is the next one YTO would send (oldest not yet pushed).
  push: (simulator, waybillNos, { forged, config }) => {
    if (!(simulator instanceof YtoSimulator)) throw new TypeError('kit.push: not a YTO simulator');
    const push = simulator.nextPush(waybillNos, {
      forged: forged ?? false,
      credentials: { customerCode: config.customerCode, pathId: config.pathId, secret: config.secret },
    });
    if (!push) throw new RangeError(`kit.push: no visible event to push for ${waybillNos.join(', ')}`);
    return push;
  },
};
