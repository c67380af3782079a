// Simulator kits by carrier id: the contract suite, the sandbox and the benchmarks take them from here.
import type { SimulatorKit } from './kit/types.ts';
import { kit as chinapostDomestic } from './chinapost-domestic/index.ts';
import { kit as chinapostExpress } from './chinapost-express/index.ts';
import { kit as deppon } from './deppon/index.ts';
import { kit as douyin } from './douyin/index.ts';
import { kit as ems } from './ems/index.ts';
import { kit as jt } from './jt/index.ts';
import { kit as kuaidi100 } from './kuaidi100/index.ts';
import { kit as sf } from './sf/index.ts';
import { kit as sto } from './sto/index.ts';
import { kit as yto } from './yto/index.ts';
import { kit as yunda } from './yunda/index.ts';
import { kit as zto } from './zto/index.ts';

/** Every simulator kit by carrier id (declaration-only carriers have none). */
// biome-ignore lint/suspicious/noExplicitAny: one map over kits whose account types differ; each caller narrows by carrier id
export const simulatorKits: Readonly<Record<string, SimulatorKit<any>>> = {
  'chinapost-domestic': chinapostDomestic,
  'chinapost-express': chinapostExpress,
  deppon,
  douyin,
  ems,
  jt,
  kuaidi100,
  sf,
  sto,
  yto,
  yunda,
  zto,
};
