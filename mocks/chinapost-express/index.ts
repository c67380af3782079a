// The 邮政快递 (chinapost-express) simulator kit: the China Post platform kit with this product's id and 9… numbers.
import type { SimulatorKit } from '../kit/types.ts';
import { emsPlatformKit, type EmsKitConfig } from '../ems/index.ts';
import { ChinaPostExpressSimulator } from './simulator.ts';

export { ChinaPostExpressSimulator } from './simulator.ts';

export const kit: SimulatorKit<EmsKitConfig> = {
  ...emsPlatformKit('chinapost-express', '9'),
  create: (options) => new ChinaPostExpressSimulator(options),
};
