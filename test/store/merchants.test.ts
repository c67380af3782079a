// The store-backed merchant directory across instances: a change written by one is applied by the other's refresh, a bad row never replaces a good copy.
import { describe, expect, it } from 'vitest';
import { StoreMerchantDirectory } from '../../src/merchants/store-merchants.ts';
import { TestClock } from '../../src/clock/index.ts';
import { TARGETS, storePerTest } from './targets.ts';

for (const target of TARGETS) {
  describe(`merchant directory on ${target.label}`, () => {
    const storeOf = storePerTest(target);
    const make = async (ctx: { skip: (note?: string) => void }) => (await storeOf(ctx)).store;
    /** Two instances' directories over one store, merchant m-1 written through the first. */
    const twoInstances = async (ctx: { skip: (note?: string) => void }) => {
      const store = await make(ctx);
      const clock = new TestClock('2026-06-01T02:00:00.000Z');
      const a = await new StoreMerchantDirectory(store, clock).load();
      await a.put({ id: 'm-1', name: 'first' });
      const b = await new StoreMerchantDirectory(store, clock).load();
      return { store, clock, a, b };
    };

    it('applies what another instance wrote: added, changed and removed merchants, each told to the listeners', async (ctx) => {
      const { store, a, b } = await twoInstances(ctx);
      const told: string[] = [];
      b.onChange((id) => told.push(id));
      expect(await b.refresh()).toEqual({ changed: [], invalid: [] });

      await a.put({ id: 'm-1', name: 'renamed', autoIntercept: false });
      await a.put({ id: 'm-2' });
      expect(b.get('m-1')?.name).toBe('first');
      const refreshed = await b.refresh();
      expect(refreshed.changed.sort()).toEqual(['m-1', 'm-2']);
      expect(b.get('m-1')).toEqual(a.get('m-1'));
      expect(b.list().map((m) => m.id)).toEqual(['m-1', 'm-2']);
      expect(told.sort()).toEqual(['m-1', 'm-2']);
      // Nothing new: nothing told.
      expect(await b.refresh()).toEqual({ changed: [], invalid: [] });

      await store.db.deleteFrom('merchants').where('id', '=', 'm-2').execute();
      expect((await b.refresh()).changed).toEqual(['m-2']);
      expect(b.get('m-2')).toBeUndefined();
    });

    it('keeps the last good copy of a merchant whose stored row no longer validates, and names the problem', async (ctx) => {
      const store = await make(ctx);
      const clock = new TestClock('2026-06-01T02:00:00.000Z');
      const a = await new StoreMerchantDirectory(store, clock).load();
      await a.put({ id: 'm-1', name: 'good' });
      await store.db
        .updateTable('merchants')
        .set({ config_json: JSON.stringify({ id: 'm-1', type: 'NOT_A_TYPE' }) })
        .where('id', '=', 'm-1')
        .execute();
      const refreshed = await a.refresh();
      expect(refreshed.changed).toEqual([]);
      expect(refreshed.invalid).toHaveLength(1);
      expect(refreshed.invalid[0]).toMatchObject({ id: 'm-1', message: expect.stringContaining('type') });
      expect(a.get('m-1')?.name).toBe('good');
      await store.db.updateTable('merchants').set({ config_json: '{not json' }).where('id', '=', 'm-1').execute();
      expect((await a.refresh()).invalid).toEqual([{ id: 'm-1', message: 'config_json is not JSON' }]);
      // A fresh instance refuses to start on it, naming the merchant.
      await expect(new StoreMerchantDirectory(store, clock).load()).rejects.toThrow(/merchant m-1 is invalid/);
    });

    it('update() changes the row as stored, and starts again when another instance wrote in between', async (ctx) => {
      const { a, b } = await twoInstances(ctx);
      const told: string[] = [];
      a.onChange((id) => told.push(id));
      const seen: boolean[] = [];
      const result = await a.update('m-1', async (current) => {
        seen.push(current.writeEnabled);
        // The first time, another instance turns writes on after this read: the write must not undo it.
        if (seen.length === 1) await b.put({ ...b.get('m-1')!, writeEnabled: true });
        return { ...current, name: 'renamed' };
      });
      // The first attempt lost its compare-and-set and read again.
      expect(seen).toEqual([false, true]);
      expect(result).toMatchObject({ name: 'renamed', writeEnabled: true });
      expect(await a.fetch('m-1')).toEqual(result);
      expect(a.get('m-1')).toEqual(result);
      expect(told).toEqual(['m-1']);
      // An absent merchant, or a change that returns undefined: nothing written.
      expect(await a.update('nobody', (c) => c)).toBeUndefined();
      expect(await a.update('m-1', () => undefined)).toBeUndefined();
      // A row that keeps changing gives up after the attempts, saying so.
      await expect(
        a.update(
          'm-1',
          async (current) => {
            await b.put({ ...b.get('m-1')!, name: `n${Math.random()}` });
            return current;
          },
          3,
        ),
      ).rejects.toThrow(/kept changing .*3 attempts/);
    });
  });
}
