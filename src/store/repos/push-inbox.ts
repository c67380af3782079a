// The carrier pushes of `inbox` behind a repository: stored once per source and dedupe key (inside the caller's transaction), read unprocessed, marked processed.
import type { Store } from '../connect.ts';
import type { Tx } from '../transaction.ts';

/** One push to store. */
export interface InboxEntry {
  /** `push:<carrier>:<merchant>`. */
  source: string;
  /** sha256 (hex) of the raw body. */
  dedupeKey: string;
  /** ISO UTC. */
  receivedAt: string;
  /** The stored push (JSON). */
  body: string;
}

/** Reads and writes of carrier pushes in `inbox`. */
export class PushInboxRepository {
  constructor(private readonly store: Store) {}

  /** Stores a push unless one with its source and dedupe key is stored; true when this one was stored. */
  async insertIfNew(tx: Tx, entry: InboxEntry): Promise<boolean> {
    const result = await tx
      .insertInto('inbox')
      .values({ source: entry.source, dedupe_key: entry.dedupeKey, received_at: entry.receivedAt, body: entry.body, processed_at: null })
      .onConflict((oc) => oc.columns(['source', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  /** When the push with this source and dedupe key was first received (ISO UTC); undefined when none is stored. */
  async receivedAtOf(tx: Tx, source: string, dedupeKey: string): Promise<string | undefined> {
    const first = await tx
      .selectFrom('inbox')
      .select('received_at')
      .where('source', '=', source)
      .where('dedupe_key', '=', dedupeKey)
      .executeTakeFirst();
    return first?.received_at;
  }

  /** The oldest unprocessed carrier pushes, in the order stored; at most `limit` (default 500). */
  async unprocessed(limit = 500): Promise<{ id: number; body: string }[]> {
    return this.store.db
      .selectFrom('inbox')
      .select(['id', 'body'])
      .where('source', 'like', 'push:%')
      .where('processed_at', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Marks these pushes processed at `processedAt` (ISO UTC), in one statement. */
  async markProcessed(ids: readonly number[], processedAt: string): Promise<void> {
    await this.store.db.updateTable('inbox').set({ processed_at: processedAt }).where('id', 'in', ids).execute();
  }
}
