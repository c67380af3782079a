// The carrier pushes of `inbox` behind a repository: stored once per source and dedupe key (a group per transaction), read unprocessed, marked processed.
import type { Store } from '../connect.ts';

// Prepared once per connection (raw `?` SQL through the store's write plans and reads: the intake's hot path).
const INSERT_IF_NEW =
  'insert into inbox (source, dedupe_key, received_at, body, processed_at) values (?, ?, ?, ?, null) on conflict (source, dedupe_key) do nothing';
const SELECT_UNPROCESSED = "select id, body from inbox where source like 'push:%' and processed_at is null order by id limit ?";
const SELECT_RECEIVED_AT = 'select received_at from inbox where source = ? and dedupe_key = ?';

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

  /**
   * Stores a group of pushes in one transaction (one durable commit for the group), each unless one with
   * its source and dedupe key is stored: per entry, true when that entry was stored. Entries repeating
   * one another within the group store the first.
   */
  async insertNew(entries: readonly InboxEntry[]): Promise<boolean[]> {
    const result = await this.store.plan(
      entries.map((e) => ({ sql: INSERT_IF_NEW, params: [e.source, e.dedupeKey, e.receivedAt, e.body] })),
    );
    return result.results.map((r) => r.changes === 1);
  }

  /** When the push with this source and dedupe key was first received (ISO UTC, committed data); undefined when none is stored. */
  async receivedAtOf(source: string, dedupeKey: string): Promise<string | undefined> {
    const [row] = await this.store.read<{ received_at: string }>(SELECT_RECEIVED_AT, [source, dedupeKey]);
    return row?.received_at;
  }

  /** The oldest unprocessed carrier pushes (committed), in the order stored; at most `limit` (default 500). */
  async unprocessed(limit = 500): Promise<{ id: number; body: string }[]> {
    return this.store.read<{ id: number; body: string }>(SELECT_UNPROCESSED, [limit]);
  }

  /** Marks these pushes processed at `processedAt` (ISO UTC), in one statement. */
  async markProcessed(ids: readonly number[], processedAt: string): Promise<void> {
    await this.store.db.updateTable('inbox').set({ processed_at: processedAt }).where('id', 'in', ids).execute();
  }
}
