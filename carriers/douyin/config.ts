// Douyin open-platform account configuration: the production URL(s) and the zod schema of the account's fields (shared by the declaration and the client).
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';
import { OP_FROM } from './mapping.ts';

/** Production host (reference §16). */
export const DOUYIN_API_URL = 'https://openapi-fxg.jinritemai.com';

/** One shop's Douyin account: the app's key and secret, the shop's access token, and after-sale options. */
export const DouyinConfigSchema = BaseAccountConfigSchema.extend({
  /** Default: production. */
  baseUrl: z.url().default(DOUYIN_API_URL),
  /** The app key (sent as `app_key`, and part of the push `event-sign`). */
  appKey: z.string().min(1),
  /** The app secret: signs requests and pushes; never sent. */
  appSecret: z.string().min(1),
  /** The shop's access token (obtained by the shop authorising the app; renewed by lanjie when `refreshToken` and `accessTokenExpiresAt` are set). */
  accessToken: z.string().min(1),
  /** The refresh token that came with the access token (valid 14 days, replaced at each refresh). Without it lanjie never refreshes. */
  refreshToken: z.string().min(1).optional(),
  /** When the access token expires (ISO 8601 instant, UTC). lanjie refreshes it a while before (`LANJIE_DOUYIN_TOKEN_REFRESH_BEFORE_HOURS`). */
  accessTokenExpiresAt: z.iso
    .datetime({ offset: true })
    .transform((v) => new Date(v).toISOString())
    .optional(),
  /** The Douyin shop id this account belongs to (message pushes name it). */
  shopId: z.string().min(1).optional(),
  /** Interception `op_from`: 1 商家 (default) or 3 客服. */
  opFrom: z.union([z.literal(OP_FROM.MERCHANT), z.literal(OP_FROM.CUSTOMER_SERVICE)]).default(OP_FROM.MERCHANT),
  /** Overrides of the company_code table (carrier id → Douyin company_code), e.g. after checking `/order/logisticsCompanyList`. */
  companyCodes: z.record(z.string(), z.string().min(1)).default({}),
  /** Reject reason code for operate type 202 (from `/afterSale/rejectReasonCodeList`); rejection is refused without it. */
  rejectReasonCode: z.number().int().optional(),
  /** Evidence sent with a rejection (operate `evidence`: type 1 image, 4 text). */
  rejectEvidence: z.array(z.object({ type: z.number().int(), url: z.string(), desc: z.string() })).default([]),
});
/** A validated Douyin account configuration. */
export type DouyinConfig = z.infer<typeof DouyinConfigSchema>;
