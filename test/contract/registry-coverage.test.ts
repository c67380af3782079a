// Walks the registry: every carrier appears in the capability matrix, detection, the hubs' code tables, the default eligibility, the sandbox and the contract suite.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCarriers, carrierRegistry } from '../../carriers/index.ts';
import { DOUYIN_COMPANY_CODES } from '../../carriers/douyin/mapping.ts';
import { COM_BY_CARRIER } from '../../carriers/kuaidi100/mapping.ts';
import { simulatorKits } from '../../mocks/index.ts';
import { capabilityRows } from '../../src/carrier/matrix.ts';
import { declaredEligibleCarrierIds } from '../../src/server/eligible-carriers.ts';

const carriers = Object.values(builtinCarriers).filter((p) => p.kind === 'carrier');

describe('every registered carrier is everywhere it should be', () => {
  const rows = capabilityRows(carrierRegistry.list());
  const eligible = declaredEligibleCarrierIds(carrierRegistry);
  const contract = readFileSync(join(import.meta.dirname, 'carriers.contract.test.ts'), 'utf8');

  for (const plugin of carriers) {
    it(`${plugin.id}: matrix, detection, hubs, eligibility, sandbox, contract`, () => {
      expect(rows.find((r) => r.id === plugin.id)?.kind).toBe('carrier');
      // Detection reads the declared formats and nothing else.
      for (const p of plugin.waybillPatterns) expect(p.pattern).toBeInstanceOf(RegExp);
      expect(COM_BY_CARRIER[plugin.id]?.com).toBe(plugin.kuaidi100Code?.code);
      expect(builtinCarriers.kuaidi100!.servesCarriers).toContain(plugin.id);
      if (plugin.douyinCompanyCode) {
        expect(DOUYIN_COMPANY_CODES[plugin.id]?.code).toBe(plugin.douyinCompanyCode.code);
        expect(builtinCarriers.douyin!.servesCarriers).toContain(plugin.id);
      } else expect(DOUYIN_COMPANY_CODES[plugin.id]).toBeUndefined();
      expect(eligible.includes(plugin.id)).toBe(plugin.eligibleByDefault !== false);
      // The sandbox and the contract suite take every plugin with a client from simulatorKits.
      if (plugin.create) expect(simulatorKits[plugin.id]?.carrierId).toBe(plugin.id);
      else expect(simulatorKits[plugin.id]).toBeUndefined();
    });
  }

  it('the contract suite runs over the whole registry, not a hand-made list', () => {
    expect(contract).toMatch(/for \(const plugin of Object\.values\(builtinCarriers\)\)/);
  });
});
