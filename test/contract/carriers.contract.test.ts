// Runs the carrier contract against every registered plugin: a new carrier joins by being registered.
import { builtinCarriers } from '../../carriers/index.ts';
import { simulatorKits } from '../../mocks/index.ts';
import { describeCarrierContract } from './carrier-contract.ts';

for (const plugin of Object.values(builtinCarriers)) {
  describeCarrierContract(plugin, simulatorKits[plugin.id]);
}
