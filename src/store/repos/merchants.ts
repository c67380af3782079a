// The merchants repository: the stored merchant configurations (table `merchants`), read and written as JSON text.
import type { Store } from '../connect.ts';

/** One stored merchant: its id and the configuration's stored text. */
export interface StoredMerchantRow {
  id: string;
  config_json: string;
}

/** Reads and writes the `merchants` table; the configuration text is opaque here (validated and sealed by the directory). */
export class MerchantsRepository {
  constructor(private readonly store: Store) {}

  /** Every stored merchant with its configuration text, in the database's order. */
  async all(): Promise<StoredMerchantRow[]> {
    return this.store.db.selectFrom('merchants').select(['id', 'config_json']).execute();
  }

  /** Every stored merchant id, sorted. */
  async ids(): Promise<string[]> {
    return (await this.store.db.selectFrom('merchants').select('id').orderBy('id').execute()).map((row) => row.id);
  }

  /** The stored configuration text of one merchant; undefined when absent. */
  async configJson(id: string): Promise<string | undefined> {
    return (await this.store.db.selectFrom('merchants').select('config_json').where('id', '=', id).executeTakeFirst())?.config_json;
  }

  /**
   * Stores a merchant's configuration text: replaces the row when it exists, inserts it otherwise (an insert
   * racing another writer's becomes an update). Returns whether the merchant was absent when checked.
   */
  async save(id: string, json: string, now: string): Promise<boolean> {
    const existing = await this.store.db.selectFrom('merchants').select('id').where('id', '=', id).executeTakeFirst();
    if (existing) {
      await this.store.db.updateTable('merchants').set({ config_json: json, updated_at: now }).where('id', '=', id).execute();
    } else {
      await this.store.db
        .insertInto('merchants')
        .values({ id, config_json: json, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ config_json: json, updated_at: now }))
        .execute();
    }
    return !existing;
  }

  /** Replaces a merchant's configuration text only while it is still `expectedJson` (compare and set); true when written. */
  async compareAndSet(id: string, expectedJson: string, json: string, now: string): Promise<boolean> {
    const result = await this.store.db
      .updateTable('merchants')
      .set({ config_json: json, updated_at: now })
      .where('id', '=', id)
      .where('config_json', '=', expectedJson)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
