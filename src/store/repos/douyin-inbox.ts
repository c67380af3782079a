// The Douyin inbox repository: message pushes stored before they are answered (table `inbox`, deduplicated on msg_id) and marked once processed.
import type { Store } from '../connect.ts';
import type { Tx } from '../transaction.ts';

/** Inbox source of Douyin pushes. */
export const DOUYIN_INBOX_SOURCE = 'douyin';

/** A stored push message not processed yet: its inbox row id and the message as received (JSON text). */
export interface PendingInboxMessage {
  id: number;
  body: string;
}

/** Stores and hands out the Douyin pushes of the inbox. */
export class DouyinInboxRepository {
  constructor(private readonly store: Store) {}

  /**
   * Stores one message in the transaction `tx` unless a message with the same `msgId` is stored already;
   * returns how many rows were stored (1, or 0 for a duplicate).
   */
  async add(tx: Tx, msgId: string, body: string, receivedAt: string): Promise<number> {
    const result = await tx
      .insertInto('inbox')
      .values({ source: DOUYIN_INBOX_SOURCE, dedupe_key: msgId, received_at: receivedAt, body, processed_at: null })
      .onConflict((oc) => oc.columns(['source', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n);
  }

  /** Up to `limit` messages not processed yet, oldest first. */
  async pending(limit: number): Promise<PendingInboxMessage[]> {
    return this.store.db
      .selectFrom('inbox')
      .select(['id', 'body'])
      .where('source', '=', DOUYIN_INBOX_SOURCE)
      .where('processed_at', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Marks one inbox row processed at `at`. */
  async markProcessed(id: number, at: string): Promise<void> {
    await this.store.db.updateTable('inbox').set({ processed_at: at }).where('id', '=', id).execute();
  }
}
