// 邮政快递 (China Post standard express) simulator: the China Post platform simulator (mocks/ems) with this product's id.
import type { SimulatorOptions } from '../kit/types.ts';
import { EmsPlatformSimulator, type EmsSimCredentials } from '../ems/simulator.ts';

/** The platform simulator speaking as chinapost-express. */
export class ChinaPostExpressSimulator extends EmsPlatformSimulator {
  constructor(options: SimulatorOptions & { credentials?: EmsSimCredentials }) {
    super({ ...options, product: 'chinapost-express' });
  }
}
