// The registry of built-in carriers and hubs: the carriers of carriers/carriers.ts plus the two hubs (key = folder = plugin id).
import { createRegistry, type AnyCarrierPlugin } from '../src/carrier/index.ts';
import { carrierPlugins } from './carriers.ts';
import douyin from './douyin/index.ts';
import kuaidi100 from './kuaidi100/index.ts';

/** Every built-in plugin by id, alphabetical. */
export const builtinCarriers: Readonly<Record<string, AnyCarrierPlugin>> = Object.fromEntries(
  Object.entries({ ...carrierPlugins, douyin, kuaidi100 }).sort(([a], [b]) => a.localeCompare(b)),
);

/** The registry over the built-in plugins. */
export const carrierRegistry = createRegistry(builtinCarriers);
