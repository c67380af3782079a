// The carriers refund-after-rejection applies to when the rules do not list them: every registered carrier whose declaration does not opt out.
import type { CarrierRegistry } from '../carrier/registry.ts';
import { type Rules, SEED_CARRIER_IDS } from '../cases/rules-config.ts';

/**
 * The default eligible carriers for this registry: the seed's 13 in the seed's order, then every other
 * registered carrier (not hub) whose declaration leaves `eligibleByDefault` unset or true, by id.
 * A carrier whose declaration sets `eligibleByDefault: false` is left out, even a seed one.
 */
export function declaredEligibleCarrierIds(registry: CarrierRegistry): string[] {
  const eligible = registry.list().filter((p) => p.kind === 'carrier' && p.eligibleByDefault !== false);
  const ids = new Set(eligible.map((p) => p.id));
  const seed = SEED_CARRIER_IDS.filter((id) => ids.has(id));
  const added = [...ids].filter((id) => !(SEED_CARRIER_IDS as readonly string[]).includes(id)).sort();
  return [...seed, ...added];
}

/**
 * The rules the gateway runs: `rules` as configured, with the eligible carriers taken from the
 * registry's declarations unless the configuration listed them itself (`listed`).
 */
export function withDeclaredCarriers(rules: Rules, listed: boolean, registry: CarrierRegistry): Rules {
  return listed ? rules : { ...rules, eligibleCarrierIds: declaredEligibleCarrierIds(registry) };
}
