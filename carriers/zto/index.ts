// ZTO 中通快递 plugin declaration: names, waybill format, capabilities, limits, error table, account config and client.
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';
import { defineCarrier } from '../../src/carrier/define.ts';
import { createClient, ZTO_CARRIER_ID } from './client.ts';
import { ZTO_ERRORS } from './mapping.ts';

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

export default defineCarrier<ZtoConfig>({
  id: ZTO_CARRIER_ID,
  kind: 'carrier',
  names: { zh: '中通快递', en: 'ZTO Express' },
  kuaidi100Code: { code: 'zhongtong', confidence: 'C-doc' },
  waybillPatterns: [{ pattern: /^7[3-68]\d{12}$/, prefixed: false, confidence: 'C-src' }],
  capabilities: {
    track: { batchSize: 1, needsPhoneLast4: 'when-not-own-waybill', confidence: 'C-src' },
    intercept: {
      kinds: ['RETURN_TO_SENDER', 'RETURN_TO_ORIGIN_STATION', 'RETURN_TO_ADDRESS', 'REDIRECT'],
      idempotencyKey: true,
      needsAfterSale: false,
      confidence: 'C-src',
    },
    cancelIntercept: { confidence: 'S' },
    push: { auth: 'signature', confidence: 'C-src' },
    complaint: false,
  },
  // ZTO enforces quotas (S206 per minute/hour, S221 QPS) but publishes no numbers: ours are a guess.
  limits: { perSecond: 10, perMinute: 300, source: 'assumed' },
  errors: ZTO_ERRORS,
  configSchema: ZtoConfigSchema,
  create: (config, ctx) => createClient(config, ctx),
});
