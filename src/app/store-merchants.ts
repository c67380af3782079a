// A merchant directory kept in the store (table `merchants`) with an in-memory copy, so lookups stay synchronous.
import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/connect.ts';
import { MerchantConfigSchema, type MerchantConfig, type MerchantConfigInput, type MerchantDirectory } from './merchant-config.ts';

/**
 * The store-backed directory. `load()` reads every merchant; `put()` validates, writes the row and
 * updates the copy, then tells listeners (the account cache forgets the merchant's clients). One
 * process writes through it; a second instance sees changes after its next `load()`.
 */
export class StoreMerchantDirectory implements MerchantDirectory {
  private readonly byId = new Map<string, MerchantConfig>();
  private readonly listeners = new Set<(merchantId: string) => void>();

  constructor(private readonly store: Store, private readonly clock: Clock) {}

  /** Reads every merchant from the store (replacing the copy). A row that no longer validates throws, naming the merchant. */
  async load(): Promise<this> {
    const rows = await this.store.db.selectFrom('merchants').select(['id', 'config_json']).execute();
    this.byId.clear();
    for (const row of rows) {
      const parsed = MerchantConfigSchema.safeParse(JSON.parse(row.config_json));
      if (!parsed.success) throw new Error(`stored configuration of merchant ${row.id} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      this.byId.set(row.id, parsed.data);
    }
    return this;
  }

  /** Validates and stores a merchant (insert or replace); returns the stored configuration and whether it is new. */
  async put(input: MerchantConfigInput): Promise<{ merchant: MerchantConfig; created: boolean }> {
    const merchant = MerchantConfigSchema.parse(input);
    const now = this.clock.now().toISOString();
    const existing = await this.store.db.selectFrom('merchants').select('id').where('id', '=', merchant.id).executeTakeFirst();
    if (existing) {
      await this.store.db.updateTable('merchants').set({ config_json: JSON.stringify(merchant), updated_at: now }).where('id', '=', merchant.id).execute();
    } else {
      await this.store.db.insertInto('merchants').values({ id: merchant.id, config_json: JSON.stringify(merchant), created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ config_json: JSON.stringify(merchant), updated_at: now })).execute();
    }
    this.byId.set(merchant.id, merchant);
    for (const listener of this.listeners) listener(merchant.id);
    return { merchant, created: !existing };
  }

  /** Told after a merchant changed (the coordinator's account cache forgets its clients). */
  onChange(listener: (merchantId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(id: string) { return this.byId.get(id); }
  list() { return [...this.byId.values()].sort((a, b) => a.id.localeCompare(b.id)); }
  byDouyinShop(shopId: string) { return this.list().find((m) => m.douyinShopIds.includes(shopId)); }
}
