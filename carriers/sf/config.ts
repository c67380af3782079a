// SF Express account configuration: the production URL(s) and the zod schema of the account's fields (shared by the declaration and the client).
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';

/** SF production gateway host (the service path `/std/service` is added per call). */
export const SF_PRODUCTION_URL = 'https://sfapi.sf-express.com';
/** SF sandbox gateway host. */
export const SF_SANDBOX_URL = 'https://sfapi-sbox.sf-express.com';

/** Account configuration of an SF 丰桥 partner. */
export const SfConfigSchema = BaseAccountConfigSchema.extend({
  /** Gateway host; production by default, `SF_SANDBOX_URL` or a simulator for tests. */
  baseUrl: z.url().default(SF_PRODUCTION_URL),
  /** 顾客编码 (`partnerID`). */
  partnerId: z.string().min(1),
  /** 校验码 (checkWord), the signing secret. */
  checkWord: z.string().min(1),
  /** 月结卡号: SF needs it for interceptions paid on the monthly account (payMode 4); tracking works without it. */
  monthlyCardNo: z.string().min(1).optional(),
  /** Secret token SF must put in the route-push URL (`?token=`); without it every push is rejected. */
  pushToken: z.string().min(16).optional(),
  /** Optional allow-list of SF push source IP addresses. */
  pushAllowedIps: z.array(z.string().min(1)).min(1).optional(),
});
/** A validated SF account configuration. */
export type SfConfig = z.output<typeof SfConfigSchema>;
