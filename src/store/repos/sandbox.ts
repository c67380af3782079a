// The sandbox repository: the persisted sandbox clock (table `settings`), the next pending timer, and the sandbox merchant's Douyin cases.
import type { Store } from '../connect.ts';

/** The `settings` key where the sandbox clock's last instant is kept. */
const CLOCK_KEY = 'sandbox.clock';

/** Reads and writes what the sandbox keeps in the store. */
export class SandboxRepository {
  constructor(private readonly store: Store) {}

  /** The sandbox clock as the last run left it (stored text, ISO UTC); undefined when never saved. */
  async savedClock(): Promise<string | undefined> {
    return (await this.store.db.selectFrom('settings').select('value').where('key', '=', CLOCK_KEY).executeTakeFirst())?.value;
  }

  /** Saves the sandbox clock's instant (insert or replace). */
  async saveClock(now: string): Promise<void> {
    await this.store.db
      .insertInto('settings')
      .values({ key: CLOCK_KEY, value: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: now }))
      .execute();
  }

  /** When the first pending timer due strictly after `after` (ISO UTC) is due; undefined when none is. */
  async nextTimerDueAfter(after: string): Promise<string | undefined> {
    return (
      await this.store.db
        .selectFrom('timers')
        .select('due_at')
        .where('status', '=', 'PENDING')
        .where('due_at', '>', after)
        .orderBy('due_at')
        .limit(1)
        .executeTakeFirst()
    )?.due_at;
  }

  /** The id of the merchant's case for a Douyin after-sale; undefined when there is none. */
  async douyinCaseId(merchantId: string, afterSaleId: string): Promise<string | undefined> {
    return (
      await this.store.db
        .selectFrom('cases')
        .select('id')
        .where('platform', '=', 'douyin')
        .where('after_sale_id', '=', afterSaleId)
        .where('merchant_id', '=', merchantId)
        .executeTakeFirst()
    )?.id;
  }
}
