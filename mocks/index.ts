// Simulator kits by carrier id: the contract suite, the sandbox and the benchmarks take them from here.
import type { SimulatorKit } from './kit/types.ts';
import { kit as sf } from './sf/index.ts';
import { kit as zto } from './zto/index.ts';

/** Every simulator kit by carrier id (declaration-only carriers have none). */
export const simulatorKits: Readonly<Record<string, SimulatorKit<any>>> = {
  sf,
  zto,
};
