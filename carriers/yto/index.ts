// YTO 圆通速递 plugin declaration: names, waybill format, capabilities, limits, error table, account config and client.
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';
import { defineCarrier } from '../../src/carrier/define.ts';
import { createClient, YTO_CARRIER_ID } from './client.ts';
import { YTO_ERRORS } from './mapping.ts';

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
});
/** A validated YTO account configuration. */
export type YtoConfig = z.infer<typeof YtoConfigSchema>;

export default defineCarrier<YtoConfig>({
  id: YTO_CARRIER_ID,
  kind: 'carrier',
  names: { zh: '圆通速递', en: 'YTO Express' },
  kuaidi100Code: { code: 'yuantong', confidence: 'C-doc' },
  waybillPatterns: [{ pattern: /^YT\d{13}$/, prefixed: true, confidence: 'C-src' }],
  capabilities: {
    track: { batchSize: 1, needsPhoneLast4: 'never', confidence: 'C-src' },
    intercept: {
      // RETURN_TO_SENDER: wanted_report_adapter (C-src); REDIRECT: wanted_change_adapter (S).
      kinds: ['RETURN_TO_SENDER', 'REDIRECT'],
      // YTO takes no request id: an interception is never retried blindly.
      idempotencyKey: false,
      needsAfterSale: false,
      confidence: 'C-src',
    },
    cancelIntercept: { confidence: 'S' },
    push: { auth: 'signature', confidence: 'C-src' },
    complaint: false,
  },
  // YTO publishes no rate limits: ours are a conservative guess.
  limits: { perSecond: 10, perMinute: 300, source: 'assumed' },
  errors: YTO_ERRORS,
  configSchema: YtoConfigSchema,
  create: (config, ctx) => createClient(config, ctx),
});
