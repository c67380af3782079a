// The Douyin shop's access-token refresh (`/token/refresh`): the signed call without a token, its answer validated, the expiry made an instant.
import { z } from 'zod';
import type { DouyinApi } from './client.ts';
import { DOUYIN_PATHS } from './client.ts';
import { IdSchema } from './schemas.ts';

/**
 * `data` of `/token/refresh` (official Go SDK `token_refresh_response`, C-src): the new access token, its
 * lifetime, the new refresh token (the one sent stops being the current one), and the shop it belongs to.
 */
export const TokenRefreshDataSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1),
  scope: z.string().optional(),
  shop_id: IdSchema.optional(),
  shop_name: z.string().optional(),
  authority_id: z.string().optional(),
  auth_subject_type: z.string().optional(),
});

/** What a refresh gave, normalised, with the platform's `data` beside it. */
export interface DouyinTokenGrant {
  accessToken: string;
  refreshToken: string;
  /** When the new access token expires (ISO 8601, UTC). */
  accessTokenExpiresAt: string;
  /** The shop the token belongs to, when the platform said (text: ids are 64-bit). */
  shopId?: string;
  raw: z.infer<typeof TokenRefreshDataSchema>;
}

/**
 * Values above this are read as a Unix time in seconds, below as a lifetime in seconds. The SDK's field is
 * named `expires_in` but documented as "Unix时间戳：秒" (unconfirmed which the platform sends: both are read).
 */
export const EXPIRES_IN_EPOCH_THRESHOLD = 1_000_000_000;

/** The expiry instant of a token granted at `nowMs` whose answer said `expiresIn` (a lifetime or an epoch, in seconds). */
export function expiryOf(expiresIn: number, nowMs: number): string {
  const ms = expiresIn >= EXPIRES_IN_EPOCH_THRESHOLD ? expiresIn * 1000 : nowMs + expiresIn * 1000;
  return new Date(ms).toISOString();
}

/**
 * Exchanges a refresh token for a new pair. `api` must be built without an access token (the SDK sends none
 * on this call). Platform refusals (an unknown or used refresh token) are thrown typed from the error table.
 */
export async function refreshDouyinToken(api: DouyinApi, refreshToken: string, nowMs: number): Promise<DouyinTokenGrant> {
  const data = await api.call(
    DOUYIN_PATHS.tokenRefresh,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    TokenRefreshDataSchema,
    'token.refresh',
  );
  return {
    accessToken: data.access_token,
    refreshToken: data.refresh_token,
    accessTokenExpiresAt: expiryOf(data.expires_in, nowMs),
    ...(data.shop_id !== undefined ? { shopId: data.shop_id } : {}),
    raw: data,
  };
}
