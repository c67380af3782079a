// The registry of built-in carriers and hubs: an explicit, alphabetical import map (key = folder = plugin id).
import { createRegistry, type CarrierPlugin } from '../src/carrier/index.ts';
import sf from './sf/index.ts';
import zto from './zto/index.ts';

/** Every built-in plugin by id. */
export const builtinCarriers: Readonly<Record<string, CarrierPlugin<any>>> = {
  sf,
  zto,
};

/** The registry over the built-in plugins. */
export const carrierRegistry = createRegistry(builtinCarriers);

/** Hubs registered here that can intercept on behalf of carriers without a native route. */
export const HUB_IDS: readonly string[] = Object.values(builtinCarriers).filter((p) => p.kind === 'hub' && p.capabilities.intercept).map((p) => p.id);
