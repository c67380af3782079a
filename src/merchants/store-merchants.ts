// A merchant directory kept in the store (table `merchants`) with an in-memory copy, so lookups stay synchronous.
import { ConcurrentChangeError, InvariantError } from '../runtime/errors.ts';
import { mapAccountSecrets } from './redact.ts';
import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/connect.ts';
import { MerchantsRepository } from '../store/repos/merchants.ts';
import { isSealed, SecretDecryptError, type SecretKeyring } from './secret-box.ts';
import { MerchantConfigSchema, type MerchantConfig, type MerchantConfigInput, type MerchantDirectory } from './merchant-config.ts';

/** What a refresh found: merchants added, changed or removed by another instance, and rows that no longer validate. */
export interface MerchantRefresh {
  changed: string[];
  /** Rows skipped because they do not validate; the last good copy of each stays in use. */
  invalid: { id: string; message: string }[];
}

/**
 * The store-backed directory. `load()` reads every merchant; `put()` validates, writes the row and
 * updates the copy, then tells listeners (the account cache forgets the merchant's clients).
 * `refresh()` applies what other instances wrote (the gateway calls it every
 * `LANJIE_MERCHANT_REFRESH_SECONDS`).
 *
 * With a keyring, every account secret and the webhook secret are stored sealed (AES-256-GCM, bound to
 * the merchant and field); rows written in plaintext before are still read and sealed on their next write
 * or by `rekey()`. Without a keyring (tools and tests only; the gateway always passes one) secrets are
 * stored as given and a sealed row cannot be read.
 */
export class StoreMerchantDirectory implements MerchantDirectory {
  private readonly byId = new Map<string, MerchantConfig>();
  /** The stored text of each merchant's configuration as last read or written here (what a refresh compares). */
  private readonly storedJson = new Map<string, string>();
  private readonly listeners = new Set<(merchantId: string) => void>();
  private readonly localWriteListeners = new Set<(merchantId: string) => void>();
  private readonly rows: MerchantsRepository;

  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly secrets?: SecretKeyring,
  ) {
    this.rows = new MerchantsRepository(store);
  }

  /** Reads every merchant from the store (replacing the copy). A row that no longer validates throws, naming the merchant. */
  async load(): Promise<this> {
    const rows = await this.rows.all();
    this.byId.clear();
    this.storedJson.clear();
    for (const row of rows) {
      const parsed = this.parseStored(row.id, row.config_json);
      if (!parsed.ok) throw parsed.error ?? new Error(`stored configuration of merchant ${row.id} is invalid: ${parsed.message}`);
      this.byId.set(row.id, parsed.merchant);
      this.storedJson.set(row.id, row.config_json);
    }
    return this;
  }

  /**
   * Reads the merchants again and applies what another instance wrote since: new, changed and removed
   * merchants replace the copy and the listeners are told of each. A row that no longer validates is
   * skipped (reported, its last good copy kept) instead of stopping the gateway.
   */
  async refresh(): Promise<MerchantRefresh> {
    const rows = await this.rows.all();
    const result: MerchantRefresh = { changed: [], invalid: [] };
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      if (this.storedJson.get(row.id) === row.config_json) continue;
      const parsed = this.parseStored(row.id, row.config_json);
      if (!parsed.ok) {
        result.invalid.push({ id: row.id, message: parsed.message });
        continue;
      }
      this.byId.set(row.id, parsed.merchant);
      this.storedJson.set(row.id, row.config_json);
      result.changed.push(row.id);
    }
    for (const id of [...this.byId.keys()]) {
      if (seen.has(id)) continue;
      this.byId.delete(id);
      this.storedJson.delete(id);
      result.changed.push(id);
    }
    for (const id of result.changed) for (const listener of this.listeners) listener(id);
    return result;
  }

  /** Validates and stores a merchant (insert or replace); returns the stored configuration and whether it is new. */
  async put(input: MerchantConfigInput): Promise<{ merchant: MerchantConfig; created: boolean }> {
    const merchant = MerchantConfigSchema.parse(input);
    const now = this.clock.now().toISOString();
    const json = this.serialise(merchant);
    const created = await this.rows.save(merchant.id, json, now);
    this.remember(merchant, json);
    return { merchant, created };
  }

  /** One merchant as stored now (not this instance's copy); undefined when absent. A row that does not validate throws. */
  async fetch(id: string): Promise<MerchantConfig | undefined> {
    return (await this.readStored(id))?.merchant;
  }

  /**
   * Changes one stored merchant without losing a write made meanwhile by another instance: reads the row,
   * applies `change` to it, validates, and writes only if the row is still what was read (compare and set),
   * reading again after a conflict (at most `attempts` times, default 5). Returns the stored configuration,
   * or undefined when the merchant does not exist or `change` returns undefined (nothing to do).
   */
  async update(
    id: string,
    change: (current: MerchantConfig) => MerchantConfigInput | undefined | Promise<MerchantConfigInput | undefined>,
    attempts = 5,
  ): Promise<MerchantConfig | undefined> {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const stored = await this.readStored(id);
      if (!stored) return undefined;
      const input = await change(stored.merchant);
      if (input === undefined) return undefined;
      const merchant = MerchantConfigSchema.parse({ ...input, id });
      const json = this.serialise(merchant);
      if (!(await this.rows.compareAndSet(id, stored.json, json, this.clock.now().toISOString()))) continue;
      this.remember(merchant, json);
      return merchant;
    }
    throw new ConcurrentChangeError(`merchant ${id}`, `merchant ${id} kept changing while it was being updated (${attempts} attempts)`);
  }

  /** The stored row of a merchant, parsed; undefined when absent. A row that does not validate throws, naming the merchant. */
  private async readStored(id: string): Promise<{ json: string; merchant: MerchantConfig } | undefined> {
    const json = await this.rows.configJson(id);
    if (json === undefined) return undefined;
    const parsed = this.parseStored(id, json);
    if (!parsed.ok) throw parsed.error ?? new Error(`stored configuration of merchant ${id} is invalid: ${parsed.message}`);
    return { json, merchant: parsed.merchant };
  }

  /**
   * Rewrites every merchant's secrets under the current key (after LANJIE_SECRET_KEY changed, or to seal rows
   * stored in plaintext), each by compare and set. Afterwards the previous keys can be dropped. Returns the
   * merchant ids rewritten. A row that does not open (unknown key, altered) throws, naming the merchant and key id.
   */
  async rekey(): Promise<string[]> {
    if (!this.secrets) throw new InvariantError('rekey needs a keyring (LANJIE_SECRET_KEY)');
    const ids = await this.rows.ids();
    const rewritten: string[] = [];
    for (const id of ids) if (await this.update(id, (current) => current)) rewritten.push(id);
    return rewritten;
  }

  /** The stored text of a configuration: account and webhook secrets sealed under the current key when there is a keyring. */
  private serialise(merchant: MerchantConfig): string {
    const keyring = this.secrets;
    if (!keyring) return JSON.stringify(merchant);
    const ctx = (path: string) => `${merchant.id}/${path}`;
    return JSON.stringify({
      ...merchant,
      accounts: Object.fromEntries(
        Object.entries(merchant.accounts).map(([accountId, account]) => [
          accountId,
          mapAccountSecrets(account, (secret, path) => keyring.seal(secret, ctx(['accounts', accountId, ...path].join('.')))),
        ]),
      ),
      ...(merchant.webhook
        ? { webhook: { ...merchant.webhook, secret: keyring.seal(merchant.webhook.secret, ctx('webhook.secret')) } }
        : {}),
    });
  }

  /** Parses, opens and validates one stored configuration. Sealed values that do not open are an error carrying the SecretDecryptError. */
  private parseStored(
    id: string,
    json: string,
  ): { ok: true; merchant: MerchantConfig } | { ok: false; message: string; error?: SecretDecryptError | Error } {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      // handled: the caller logs and reports { ok: false }
      return { ok: false, message: 'config_json is not JSON' };
    }
    try {
      raw = this.openSecrets(id, raw);
    } catch (error) {
      if (error instanceof SecretDecryptError || error instanceof Error) return { ok: false, message: error.message, error };
      throw error;
    }
    const parsed = MerchantConfigSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    return { ok: true, merchant: parsed.data };
  }

  /** Opens the sealed secrets of a stored configuration; plaintext (rows written before encryption) is read as it is. */
  private openSecrets(id: string, raw: unknown): unknown {
    if (!raw || typeof raw !== 'object') return raw;
    const open = (value: string, path: string) => {
      if (!isSealed(value)) return value;
      if (!this.secrets) throw new InvariantError(`merchant ${id}: ${path} is sealed and no LANJIE_SECRET_KEY is configured`);
      return this.secrets.open(value, `${id}/${path}`);
    };
    const config = raw as { accounts?: unknown; webhook?: { secret?: unknown } };
    const out: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
    if (config.accounts && typeof config.accounts === 'object')
      out.accounts = Object.fromEntries(
        Object.entries(config.accounts).map(([accountId, account]) => [
          accountId,
          mapAccountSecrets(account, (secret, path) => open(secret, ['accounts', accountId, ...path].join('.'))),
        ]),
      );
    if (config.webhook && typeof config.webhook === 'object' && typeof config.webhook.secret === 'string')
      out.webhook = { ...config.webhook, secret: open(config.webhook.secret, 'webhook.secret') };
    return out;
  }

  /** Takes a configuration this instance just wrote into its copy and tells the listeners. */
  private remember(merchant: MerchantConfig, json: string): void {
    this.byId.set(merchant.id, merchant);
    this.storedJson.set(merchant.id, json);
    for (const listener of this.listeners) listener(merchant.id);
    for (const listener of this.localWriteListeners) listener(merchant.id);
  }

  /** Told after this instance wrote a merchant (not after a refresh found another instance's write): what to announce to the others. */
  onLocalWrite(listener: (merchantId: string) => void): () => void {
    this.localWriteListeners.add(listener);
    return () => this.localWriteListeners.delete(listener);
  }

  /** Told after a merchant changed (the coordinator's account cache forgets its clients). */
  onChange(listener: (merchantId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(id: string) {
    return this.byId.get(id);
  }
  list() {
    return [...this.byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  }
  byDouyinShop(shopId: string) {
    return this.list().find((m) => m.douyinShopIds.includes(shopId));
  }
}
