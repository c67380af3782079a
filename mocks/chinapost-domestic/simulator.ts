// 邮政快递包裹 (China Post domestic parcels) simulator: the China Post platform simulator (mocks/ems) with this product's id.
import type { SimulatorOptions } from '../kit/types.ts';
import { EmsPlatformSimulator, type EmsSimCredentials } from '../ems/simulator.ts';

/** The platform simulator speaking as chinapost-domestic. */
export class ChinaPostDomesticSimulator extends EmsPlatformSimulator {
  constructor(options: SimulatorOptions & { credentials?: EmsSimCredentials }) {
    super({ ...options, product: 'chinapost-domestic' });
  }
}
