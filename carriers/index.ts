// The registry of built-in carriers and hubs: an explicit, alphabetical import map (key = folder = plugin id).
import { createRegistry, type AnyCarrierPlugin } from '../src/carrier/index.ts';
import best from './best/index.ts';
import chinapostDomestic from './chinapost-domestic/index.ts';
import chinapostExpress from './chinapost-express/index.ts';
import deppon from './deppon/index.ts';
import douyin from './douyin/index.ts';
import ems from './ems/index.ts';
import fengwang from './fengwang/index.ts';
import jt from './jt/index.ts';
import kuaidi100 from './kuaidi100/index.ts';
import sf from './sf/index.ts';
import sto from './sto/index.ts';
import yto from './yto/index.ts';
import ytoFreight from './yto-freight/index.ts';
import yunda from './yunda/index.ts';
import zto from './zto/index.ts';

/** Every built-in plugin by id. */
export const builtinCarriers: Readonly<Record<string, AnyCarrierPlugin>> = {
  best,
  'chinapost-domestic': chinapostDomestic,
  'chinapost-express': chinapostExpress,
  deppon,
  douyin,
  ems,
  fengwang,
  jt,
  kuaidi100,
  sf,
  sto,
  yto,
  'yto-freight': ytoFreight,
  yunda,
  zto,
};

/** The registry over the built-in plugins. */
export const carrierRegistry = createRegistry(builtinCarriers);
