// The carrier registry: looks plugins up by id, detects carriers from numbers, and lists the capability matrix.
import { InvariantError } from '../runtime/errors.ts';
import type { AnyCarrierPlugin } from './define.ts';
import { detectCarriers, type DetectionCandidate } from './detect.ts';

/** A lookup over a fixed set of plugins. */
export interface CarrierRegistry {
  get(id: string): AnyCarrierPlugin | undefined;
  /** Like get, but throws a clear error listing the known ids. */
  require(id: string): AnyCarrierPlugin;
  list(): AnyCarrierPlugin[];
  detect(waybillNo: string): DetectionCandidate[];
}

/** Builds a registry; the map's keys must equal each plugin's id. */
export function createRegistry(plugins: Readonly<Record<string, AnyCarrierPlugin>>): CarrierRegistry {
  for (const [key, plugin] of Object.entries(plugins)) {
    if (key !== plugin.id) throw new InvariantError(`registry key "${key}" does not match plugin id "${plugin.id}"`);
  }
  const sorted = Object.values(plugins).sort((a, b) => a.id.localeCompare(b.id));
  return {
    get: (id) => plugins[id],
    require(id) {
      const plugin = plugins[id];
      if (!plugin)
        throw new UnknownCarrierError(
          id,
          sorted.map((p) => p.id),
        );
      return plugin;
    },
    list: () => [...sorted],
    detect: (waybillNo) => detectCarriers(waybillNo, sorted),
  };
}

/** Asked for a carrier id the registry does not have. */
export class UnknownCarrierError extends Error {
  constructor(
    readonly carrierId: string,
    readonly known: readonly string[],
  ) {
    super(`unknown carrier "${carrierId}"; known carriers: ${known.join(', ')}`);
    this.name = 'UnknownCarrierError';
  }
}
