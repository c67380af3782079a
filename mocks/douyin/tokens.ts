// The simulated platform's access and refresh tokens: which are valid, when they expire, and `/token/refresh` rotating them.
import { randomBytes } from 'node:crypto';

/** Options of the token book. */
export interface SimTokenOptions {
  /** The access token the shop starts with. */
  accessToken: string;
  /** The refresh token the shop starts with. */
  refreshToken: string;
  /** When the first access token expires (epoch ms); default never. */
  firstExpiresAtMs?: number;
  /** Lifetime of a refreshed access token, seconds. Default 7 days. */
  lifetimeSeconds?: number;
  /** How `expires_in` is sent: the lifetime in seconds (default) or the expiry as a Unix time in seconds (the SDK's comment). */
  expiresInAs?: 'lifetime' | 'epoch';
}

/** What a refresh answers in `data`. */
export interface SimTokenGrant {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  scope: string;
  shop_id: number;
  shop_name: string;
  authority_id: string;
  auth_subject_type: string;
}

/**
 * The token book. A refresh token works once: using it issues a new pair and retires it (a second use is
 * refused). An access token works until it expires or is revoked; a refresh does not revoke the old one
 * (unconfirmed on the real platform; `revoke()` lets a test make it stop at once).
 */
export class SimTokens {
  /** Access token → expiry (epoch ms; Infinity: never). */
  private readonly access = new Map<string, number>();
  private readonly refresh = new Set<string>();
  private readonly lifetimeSeconds: number;
  private readonly expiresInAs: 'lifetime' | 'epoch';
  /** Refreshes performed. */
  refreshes = 0;
  /** Refresh attempts refused (an unknown or already used refresh token). */
  refused = 0;

  constructor(options: SimTokenOptions) {
    this.access.set(options.accessToken, options.firstExpiresAtMs ?? Infinity);
    this.refresh.add(options.refreshToken);
    this.lifetimeSeconds = options.lifetimeSeconds ?? 7 * 24 * 3600;
    this.expiresInAs = options.expiresInAs ?? 'lifetime';
  }

  /** Whether an access token is accepted at `nowMs`. */
  accepts(accessToken: string | undefined, nowMs: number): boolean {
    if (accessToken === undefined) return false;
    const expiry = this.access.get(accessToken);
    return expiry !== undefined && nowMs < expiry;
  }

  /** Makes an access token stop working now. */
  revoke(accessToken: string): void {
    this.access.delete(accessToken);
  }

  /** Exchanges a refresh token for a new pair; undefined when the token is unknown or was used already. */
  exchange(refreshToken: string, nowMs: number, shopId: string): SimTokenGrant | undefined {
    if (!this.refresh.delete(refreshToken)) {
      this.refused++;
      return undefined;
    }
    this.refreshes++;
    const accessToken = `sim-at-${randomBytes(8).toString('hex')}`;
    const next = `sim-rt-${randomBytes(8).toString('hex')}`;
    const expiresAtMs = nowMs + this.lifetimeSeconds * 1000;
    this.access.set(accessToken, expiresAtMs);
    this.refresh.add(next);
    return {
      access_token: accessToken,
      expires_in: this.expiresInAs === 'epoch' ? Math.floor(expiresAtMs / 1000) : this.lifetimeSeconds,
      refresh_token: next,
      scope: 'SCOPE',
      shop_id: Number(shopId),
      shop_name: 'lanjie sandbox shop',
      authority_id: shopId,
      auth_subject_type: 'MiniShop',
    };
  }
}
