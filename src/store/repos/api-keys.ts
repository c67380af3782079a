// The `api_keys` table behind a repository: keys are looked up by their sha256 hash, listed, re-bound and revoked.
import type { Store } from '../connect.ts';
import type { ApiKeysTable } from '../schema.ts';

/** One stored key (never the key itself: only its hash). */
export type ApiKeyRow = ApiKeysTable;

/** What a configured key is re-bound to. */
export interface ApiKeyBinding {
  /** merchant | support. */
  role: string;
  merchantId: string | null;
  label: string;
}

/** Reads and writes of `api_keys`. */
export class ApiKeyRepository {
  constructor(private readonly store: Store) {}

  /** Stores a new key row. */
  async insert(row: ApiKeyRow): Promise<void> {
    await this.store.db.insertInto('api_keys').values(row).execute();
  }

  /** The key stored with this sha256 hash (hex), revoked or not; undefined when there is none. */
  async findByHash(hash: string): Promise<ApiKeyRow | undefined> {
    // Every request asks this: a prepared read of committed rows (a revocation is committed before it answers).
    const [row] = await this.store.read<ApiKeyRow>('select * from api_keys where key_hash = ?', [hash]);
    return row;
  }

  /** The key with this id, revoked or not; undefined when there is none. */
  async findById(id: string): Promise<ApiKeyRow | undefined> {
    return this.store.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Re-binds a key to a role, merchant and label, and un-revokes it. */
  async rebind(id: string, binding: ApiKeyBinding): Promise<void> {
    await this.store.db
      .updateTable('api_keys')
      .set({ role: binding.role, merchant_id: binding.merchantId, label: binding.label, revoked_at: null })
      .where('id', '=', id)
      .execute();
  }

  /** Sets the revocation instant (ISO UTC) of one key. */
  async setRevokedAt(id: string, revokedAt: string): Promise<void> {
    await this.store.db.updateTable('api_keys').set({ revoked_at: revokedAt }).where('id', '=', id).execute();
  }

  /** Revokes, at `revokedAt` (ISO UTC), every live key with this label; returns how many were revoked. */
  async revokeLabel(label: string, revokedAt: string): Promise<number> {
    const result = await this.store.db
      .updateTable('api_keys')
      .set({ revoked_at: revokedAt })
      .where('label', '=', label)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Every key, oldest first (then by id). */
  async listAll(): Promise<ApiKeyRow[]> {
    return this.store.db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute();
  }
}
