// J&T Express account configuration: the production URL(s) and the zod schema of the account's fields (shared by the declaration and the client).
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';

/** Production base (API paths /api/… are appended). UAT: https://uat-openapi.jtexpress.com.cn/webopenplatformapi with ?uuid=<sandbox uuid>. */
export const JT_PRODUCTION_URL = 'https://openapi.jtexpress.com.cn/webopenplatformapi';

/** A J&T open platform (open.jtexpress.com.cn) account: base URL, timeout, API account and private key. */
export const JtConfigSchema = BaseAccountConfigSchema.extend({
  /** Base URL ending in /webopenplatformapi; API paths are appended. Default: production. */
  baseUrl: z.url().default(JT_PRODUCTION_URL),
  /** API account, sent in the `apiAccount` header. */
  apiAccount: z.string().min(1),
  /** Private key appended to bizContent for the `digest` header; never sent. */
  privateKey: z.string().min(1),
});
/** A validated J&T account configuration. */
export type JtConfig = z.infer<typeof JtConfigSchema>;
