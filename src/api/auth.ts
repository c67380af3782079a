// API keys and tenants: keys stored as sha256 hashes, each bound to one merchant or to the support role; the request hook that checks them.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/connect.ts';
import { ApiKeyRepository } from '../store/repos/api-keys.ts';
import { ApiError } from './errors.ts';

/**
 * Who may call a route: `none` (health, docs, carrier pushes authenticated by the carrier's own
 * signature), `any` (a merchant or support key), `support` (support keys only), `sandbox` (the
 * sandbox merchant's own keys or a support key: the sandbox's shared clock, world and ledgers).
 */
export type AuthRule = 'none' | 'any' | 'support' | 'sandbox';

/** The caller behind a valid key. */
export interface Principal {
  keyId: string;
  role: 'merchant' | 'support';
  /** Set for merchant keys: the only merchant whose data the key reaches. */
  merchantId?: string;
  label: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    auth?: AuthRule;
  }
}

/** A key as listed (never the key itself). */
export interface ApiKeyInfo {
  id: string;
  role: 'merchant' | 'support';
  merchantId: string | null;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

/**
 * The hash stored for a key. Keys are 32 random bytes (256 bits), so a fast hash is enough: nobody
 * can brute-force a 256-bit preimage, unlike a password, and a fast hash lets each request find its
 * key with one indexed lookup. A leaked table yields no usable key.
 */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new key: `lj_` + 32 random bytes in base64url. */
export function generateKey(): string {
  return `lj_${randomBytes(32).toString('base64url')}`;
}

/** The key store. */
export class ApiKeys {
  private readonly repo: ApiKeyRepository;

  constructor(
    store: Store,
    private readonly clock: Clock,
  ) {
    this.repo = new ApiKeyRepository(store);
  }

  /** Creates a key; the only time the key itself is returned. */
  async create(
    input: { role: 'merchant' | 'support'; merchantId?: string; label: string },
    key = generateKey(),
  ): Promise<ApiKeyInfo & { key: string }> {
    const info: ApiKeyInfo = {
      id: `key_${randomBytes(8).toString('hex')}`,
      role: input.role,
      merchantId: input.role === 'merchant' ? (input.merchantId ?? null) : null,
      label: input.label,
      createdAt: this.clock.now().toISOString(),
      revokedAt: null,
    };
    if (info.role === 'merchant' && !info.merchantId)
      throw new ApiError(400, 'INVALID_INPUT', 'merchantId: required for a merchant key', [
        { path: 'body.merchantId', message: 'required for a merchant key' },
      ]);
    await this.repo.insert({
      id: info.id,
      key_hash: hashKey(key),
      role: info.role,
      merchant_id: info.merchantId,
      label: info.label,
      created_at: info.createdAt,
      revoked_at: null,
    });
    return { ...info, key };
  }

  /**
   * Makes sure `key` is valid with this role and merchant (configured keys: sandbox, bootstrap support key).
   * An existing row with the same hash is re-bound and un-revoked.
   */
  async ensure(key: string, input: { role: 'merchant' | 'support'; merchantId?: string; label: string }): Promise<ApiKeyInfo> {
    const hash = hashKey(key);
    const row = await this.repo.findByHash(hash);
    if (!row) {
      const { key: _key, ...info } = await this.create(input, key);
      return info;
    }
    await this.repo.rebind(row.id, {
      role: input.role,
      merchantId: input.role === 'merchant' ? (input.merchantId ?? null) : null,
      label: input.label,
    });
    return {
      id: row.id,
      role: input.role,
      merchantId: input.merchantId ?? null,
      label: input.label,
      createdAt: row.created_at,
      revokedAt: null,
    };
  }

  /** Revokes a key; returns it, or undefined when there is none with this id. */
  async revoke(id: string): Promise<ApiKeyInfo | undefined> {
    const row = await this.repo.findById(id);
    if (!row) return undefined;
    const revokedAt = row.revoked_at ?? this.clock.now().toISOString();
    await this.repo.setRevokedAt(id, revokedAt);
    return { ...toInfo(row), revokedAt };
  }

  /** Revokes every live key with this label (the sandbox replaces its generated key on each start). */
  async revokeLabel(label: string): Promise<number> {
    return this.repo.revokeLabel(label, this.clock.now().toISOString());
  }

  async list(): Promise<ApiKeyInfo[]> {
    return (await this.repo.listAll()).map(toInfo);
  }

  /** The principal of a presented key, or undefined when unknown or revoked. */
  async verify(key: string): Promise<Principal | undefined> {
    const row = await this.repo.findByHash(hashKey(key));
    if (!row || row.revoked_at !== null) return undefined;
    return {
      keyId: row.id,
      role: row.role === 'support' ? 'support' : 'merchant',
      ...(row.merchant_id ? { merchantId: row.merchant_id } : {}),
      label: row.label,
    };
  }
}

function toInfo(row: {
  id: string;
  role: string;
  merchant_id: string | null;
  label: string;
  created_at: string;
  revoked_at: string | null;
}): ApiKeyInfo {
  return {
    id: row.id,
    role: row.role === 'support' ? 'support' : 'merchant',
    merchantId: row.merchant_id,
    label: row.label,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/** The key presented: `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}

/**
 * Checks the key of every route that needs one: 401 without a valid key, 403 for a merchant key on a
 * support route, 403 for another merchant's key on a sandbox route.
 */
export function installAuth(app: FastifyInstance, keys: ApiKeys, options: { sandboxMerchantId?: string } = {}): void {
  app.addHook('onRequest', async (request) => {
    const rule = request.routeOptions.config?.auth ?? 'none';
    if (rule === 'none') return;
    const key = presentedKey(request);
    const principal = key ? await keys.verify(key) : undefined;
    if (!principal) {
      throw new ApiError(401, 'UNAUTHENTICATED', 'a valid API key is required (Authorization: Bearer <key>)', undefined, {
        'www-authenticate': 'Bearer',
      });
    }
    if (rule === 'support' && principal.role !== 'support') throw new ApiError(403, 'FORBIDDEN', 'this route needs a support key');
    if (
      rule === 'sandbox' &&
      principal.role !== 'support' &&
      (options.sandboxMerchantId === undefined || principal.merchantId !== options.sandboxMerchantId)
    )
      throw new ApiError(
        403,
        'SANDBOX_MERCHANT_ONLY',
        "sandbox routes act on the sandbox merchant's shared clock, world and ledgers: use the sandbox merchant's key or a support key",
      );
    request.principal = principal;
  });
}

/** The principal of an authenticated route (the hook guarantees it). */
export function principalOf(request: { principal?: Principal }): Principal {
  if (!request.principal) throw new ApiError(401, 'UNAUTHENTICATED', 'a valid API key is required');
  return request.principal;
}

/**
 * The merchant a request acts for: a merchant key's own merchant; a support key names one with
 * `X-Merchant-Id` (or the `merchantId` given). A merchant key naming another merchant is refused.
 */
export function actingMerchant(request: FastifyRequest & { principal?: Principal }, given?: string): string {
  const principal = principalOf(request);
  const header = request.headers['x-merchant-id'];
  const named = given ?? (typeof header === 'string' && header.length > 0 ? header : undefined);
  if (principal.role === 'merchant') {
    if (named !== undefined && named !== principal.merchantId)
      throw new ApiError(403, 'FORBIDDEN', 'a merchant key acts only for its own merchant');
    return principal.merchantId!;
  }
  if (!named)
    throw new ApiError(400, 'INVALID_INPUT', 'headers.x-merchant-id: a support key must name the merchant it acts for', [
      { path: 'headers.x-merchant-id', message: 'required for support keys on merchant routes' },
    ]);
  return named;
}

/**
 * The merchant a listing is limited to: a merchant key's own (naming another merchant is 403 with `refusal`
 * as its message), or the one a support key names, or undefined for a support key naming none (every merchant).
 */
export function listingScope(principal: Principal, requested: string | undefined, refusal: string): string | undefined {
  if (principal.role === 'merchant') {
    if (requested !== undefined && requested !== principal.merchantId) throw new ApiError(403, 'FORBIDDEN', refusal);
    return principal.merchantId!;
  }
  return requested;
}

/** Whether the principal may see this merchant's data. */
export function canSee(principal: Principal, merchantId: string): boolean {
  return principal.role === 'support' || principal.merchantId === merchantId;
}
