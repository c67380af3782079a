// The 邮政快递包裹 (chinapost-domestic) simulator kit: the China Post platform kit with this product's id and 9… numbers.
import type { SimulatorKit } from '../kit/types.ts';
import { emsPlatformKit, type EmsKitConfig } from '../ems/index.ts';
import { ChinaPostDomesticSimulator } from './simulator.ts';

export { ChinaPostDomesticSimulator } from './simulator.ts';

export const kit: SimulatorKit<EmsKitConfig> = {
  ...emsPlatformKit('chinapost-domestic', '9'),
  create: (options) => new ChinaPostDomesticSimulator(options),
};
