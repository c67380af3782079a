// STO account configuration: the production URL(s) and the zod schema of the account's fields (shared by the declaration and the client).
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';

/** Production link gateway (also seen: cloudinter-linkgatewayonline.sto.cn; test: http://cloudinter-linkgatewaytest.sto.cn/gateway/link.do). */
export const STO_PRODUCTION_URL = 'https://cloudinter-linkgateway.sto.cn/gateway/link.do';

/** An STO open platform (open.sto.cn) account: gateway URL, timeout, the app's key, code and secret. */
export const StoConfigSchema = BaseAccountConfigSchema.extend({
  /** The link gateway URL itself (every call POSTs to it). Default: production. */
  baseUrl: z.url().default(STO_PRODUCTION_URL),
  /** Our app key, sent as `from_appkey`. */
  fromAppkey: z.string().min(1),
  /** Our app code, sent as `from_code`. */
  fromCode: z.string().min(1),
  /** Secret key appended to `content` for `data_digest`; never sent. */
  secretKey: z.string().min(1),
});
/** A validated STO account configuration. */
export type StoConfig = z.infer<typeof StoConfigSchema>;
