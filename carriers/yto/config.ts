// YTO account configuration: the production URL(s) and the zod schema of the account's fields (shared by the declaration and the client).
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';

/** Production gateway (UAT: https://openuat.yto56.com.cn:6443/). Calls go to `open/{method}/v1/{pathId}/{customerCode}` under it. */
export const YTO_PRODUCTION_URL = 'https://openapi.yto.net.cn:11443/';

/** A YTO open-platform account: gateway, timeout, and the customer code, path id and secret from open.yto.net.cn. */
export const YtoConfigSchema = BaseAccountConfigSchema.extend({
  /** Gateway host; `open/{method}/v1/{pathId}/{customerCode}` is appended to it. Default: production. */
  baseUrl: z.url().default(YTO_PRODUCTION_URL),
  /** 客户编码: the last URL segment, and the `clientId` of pushes. */
  customerCode: z.string().min(1),
  /** The per-customer path token shown in the console (the URL segment after `v1`). */
  pathId: z.string().min(1),
  /** 客户密钥: appended to the signed text of calls and pushes; never sent. */
  secret: z.string().min(1),
  /** The `type` pushes of this account carry (outside the digest, checked): `online` (the subscription's msg_type) unless configured. */
  pushType: z.enum(['online', 'offline']).default('online'),
});
/** A validated YTO account configuration. */
export type YtoConfig = z.infer<typeof YtoConfigSchema>;
