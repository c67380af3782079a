// The carriers (not the hubs), by id: the one list of them. Hubs derive the carriers they serve and their codes from these declarations.
import type { AnyCarrierPlugin } from '../src/carrier/index.ts';
import best from './best/index.ts';
import chinapostDomestic from './chinapost-domestic/index.ts';
import chinapostExpress from './chinapost-express/index.ts';
import deppon from './deppon/index.ts';
import ems from './ems/index.ts';
import fengwang from './fengwang/index.ts';
import jt from './jt/index.ts';
import sf from './sf/index.ts';
import sto from './sto/index.ts';
import yto from './yto/index.ts';
import ytoFreight from './yto-freight/index.ts';
import yunda from './yunda/index.ts';
import zto from './zto/index.ts';

/** Every built-in carrier plugin by id (alphabetical; key = folder = plugin id). */
export const carrierPlugins: Readonly<Record<string, AnyCarrierPlugin>> = {
  best,
  'chinapost-domestic': chinapostDomestic,
  'chinapost-express': chinapostExpress,
  deppon,
  ems,
  fengwang,
  jt,
  sf,
  sto,
  yto,
  'yto-freight': ytoFreight,
  yunda,
  zto,
};
