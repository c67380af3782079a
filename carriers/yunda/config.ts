// Yunda account configuration: the production URL(s) and the zod schema of the account's fields (shared by the declaration and the client).
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';

/** Production host (the test host is https://u-openapi.yundasys.com). */
export const YUNDA_PRODUCTION_URL = 'https://openapi.yundaex.com';

/** A Yunda open-platform account: base URL, timeout, and the app key and secret from open.yundaex.com. */
export const YundaConfigSchema = BaseAccountConfigSchema.extend({
  /** Yunda host; API paths are appended to it. Default: production. */
  baseUrl: z.url().default(YUNDA_PRODUCTION_URL),
  /** App key, sent as the `app-key` header. */
  appKey: z.string().min(1),
  /** App secret, appended (after "_") to the signed body; never sent. */
  appSecret: z.string().min(1),
});
/** A validated Yunda account configuration. */
export type YundaConfig = z.infer<typeof YundaConfigSchema>;
