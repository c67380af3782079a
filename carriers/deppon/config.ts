// Deppon account configuration: the production URL(s) and the zod schema of the account's fields (shared by the declaration and the client).
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';

/** Production sync gateway (sandbox: http://dpsanbox.deppon.com/sandbox-web, whose paths differ). */
export const DEPPON_PRODUCTION_URL = 'https://dpapi.deppon.com';

/** A Deppon DOP account: base URL, timeout, company code and app key from open.deppon.com. */
export const DepponConfigSchema = BaseAccountConfigSchema.extend({
  /** DOP sync gateway; API paths are appended to it. Default: production. */
  baseUrl: z.url().default(DEPPON_PRODUCTION_URL),
  /** Company code (公司编码), sent as the `companyCode` form field. */
  companyCode: z.string().min(1),
  /** App key (the signing secret), part of the digest; never sent. */
  appKey: z.string().min(1),
});
/** A validated Deppon account configuration. */
export type DepponConfig = z.infer<typeof DepponConfigSchema>;
