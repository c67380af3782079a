// ZTO account configuration: the production URL(s) and the zod schema of the account's fields (shared by the declaration and the client).
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';

/** Production ZOP host (the test host is https://japi-test.zto.com/). */
export const ZTO_PRODUCTION_URL = 'https://japi.zto.com/';

/** A ZTO (ZOP) account: base URL, timeout, and the app key and secret from open.zto.com. */
export const ZtoConfigSchema = BaseAccountConfigSchema.extend({
  /** ZOP host; API names are appended to it. Default: production. */
  baseUrl: z.url().default(ZTO_PRODUCTION_URL),
  /** App key, sent as `x-appKey` (and received as `company_id` on pushes). */
  appKey: z.string().min(1),
  /** App secret, appended to the signed text; never sent. */
  appSecret: z.string().min(1),
});
/** A validated ZTO account configuration. */
export type ZtoConfig = z.infer<typeof ZtoConfigSchema>;
