// Kuaidi100 account configuration: the production URL(s) and the zod schema of the account's fields (shared by the declaration and the client).
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';

/** Production host of the tracking query and the subscription. */
export const KUAIDI100_POLL_URL = 'https://poll.kuaidi100.com/';
/** Production host of label/order (interceptOrder) and the work-order API. */
export const KUAIDI100_API_URL = 'https://api.kuaidi100.com/';
/** Production URL of carrier auto-detection (reference §13 gives it over plain http). */
export const KUAIDI100_AUTONUMBER_URL = 'http://www.kuaidi100.com/autonumber/auto';

/** A carrier's e-waybill account, sent with interceptOrder (partnerId etc.; which are required depends on the carrier). */
export const Kuaidi100PartnerAccountSchema = z.object({
  partnerId: z.string().min(1),
  partnerKey: z.string().min(1).optional(),
  partnerSecret: z.string().min(1).optional(),
  partnerName: z.string().min(1).optional(),
  /** 收件网点名称 (or the authorising platform: taobao, cainiao, …). */
  net: z.string().min(1).optional(),
  /** 电子面单承载编号. */
  code: z.string().min(1).optional(),
});

/** A Kuaidi100 enterprise account: hosts, the query `customer`, `key`, `secret`, the push `salt` and interception options. */
export const Kuaidi100ConfigSchema = BaseAccountConfigSchema.extend({
  /** Host of `poll/query.do` and `poll` (subscribe). Default: production. */
  baseUrl: z.url().default(KUAIDI100_POLL_URL),
  /** Host of `label/order` and `workorder/api/*`. Default: production. */
  apiBaseUrl: z.url().default(KUAIDI100_API_URL),
  /** Full URL of `autonumber/auto`. Default: production. */
  autonumberUrl: z.url().default(KUAIDI100_AUTONUMBER_URL),
  /** 查询公司编号 (`customer`), used by the tracking query. */
  customer: z.string().min(1),
  /** 授权 key, used by every API. */
  key: z.string().min(1),
  /** secret of the enterprise console, used to sign label/order and work orders; never sent. */
  secret: z.string().min(1),
  /** Our salt: sent with subscriptions and interceptions, it signs the pushes and callbacks we receive. */
  salt: z.string().min(1),
  /** Where Kuaidi100 posts pushes and interception callbacks (mandatory for ZTO, J&T and YTO interceptions). */
  callbackUrl: z.url().optional(),
  /** interceptOrder `orderRole`: 1 寄方 (we are the merchant who sent it, default), 2 收方, 3 第三方. */
  orderRole: z.enum(['1', '2', '3']).default('1'),
  /** interceptOrder `interceptPayType`, sent when set. */
  interceptPayType: z.enum(['SHIPPER', 'CONSIGNEE', 'THIRDPARTY', 'MONTHLY']).optional(),
  /** The carriers' e-waybill accounts, by our carrier id. */
  partnerAccounts: z.record(z.string(), Kuaidi100PartnerAccountSchema).default({}),
  /** ZTO service-provider authorisation, to intercept ZTO parcels not ordered through Kuaidi100. */
  ztoServiceProvider: z.object({ appKey: z.string().min(1), appSecret: z.string().min(1) }).optional(),
  /** Work-order `secondType` for our complaints (only 4 = 重量异常 is documented: take ours from the console). Omitted when unset. */
  workOrderSecondType: z.number().int().optional(),
  /** Work-order `callBackUrl`, sent when set (the callback's format is not documented; we poll complaintStatus). */
  workOrderCallbackUrl: z.url().optional(),
});
/** A validated Kuaidi100 account configuration. */
export type Kuaidi100Config = z.infer<typeof Kuaidi100ConfigSchema>;
