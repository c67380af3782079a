// The hubs' carrier-code tables agree with what each carrier plugin declares, so a correction in one place cannot silently diverge.
import { describe, expect, it } from 'vitest';
import { builtinCarriers } from '../../carriers/index.ts';
import { COM_BY_CARRIER } from '../../carriers/kuaidi100/mapping.ts';

describe('hub carrier codes', () => {
  const carriers = Object.values(builtinCarriers).filter((p) => p.kind === 'carrier');

  it('Kuaidi100 serves every carrier, under the code the carrier plugin declares', () => {
    expect(Object.keys(COM_BY_CARRIER).sort()).toEqual(carriers.map((p) => p.id).sort());
    for (const plugin of carriers) {
      expect(COM_BY_CARRIER[plugin.id]?.com, plugin.id).toBe(plugin.kuaidi100Code?.code);
    }
  });

  it('each hub lists exactly the carriers it has a code for', () => {
    expect([...(builtinCarriers.kuaidi100!.servesCarriers ?? [])].sort()).toEqual(Object.keys(COM_BY_CARRIER).sort());
  });
});
