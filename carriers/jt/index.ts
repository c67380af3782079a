// J&T 极兔速递 plugin declaration: names, waybill format, capabilities, limits, error table, account config and client.
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';
import { defineCarrier } from '../../src/carrier/define.ts';
import { createClient, JT_CARRIER_ID } from './client.ts';
import { JT_ERRORS, TRACK_BATCH_SIZE } from './mapping.ts';

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

export default defineCarrier<JtConfig>({
  id: JT_CARRIER_ID,
  kind: 'carrier',
  names: { zh: '极兔速递', en: 'J&T Express' },
  kuaidi100Code: { code: 'jtexpress', confidence: 'C-doc' },
  waybillPatterns: [{ pattern: /^JT\d{13}$/, prefixed: true, confidence: 'C-src' }],
  capabilities: {
    track: { batchSize: TRACK_BATCH_SIZE, needsPhoneLast4: 'never', confidence: 'C-src' },
    // J&T documents no key to deduplicate on: an interception is never retried blindly.
    intercept: { kinds: ['RETURN_TO_SENDER', 'REDIRECT'], idempotencyKey: false, needsAfterSale: false, confidence: 'S' },
    // No cancel API was found (one gateway answers "操作无效").
    cancelIntercept: false,
    // Subscription exists (/api/trace/subscribe with backUrl) but the push body was not found.
    push: false,
    complaint: false,
  },
  // J&T publishes no quota: a conservative guess.
  limits: { perSecond: 10, perMinute: 300, source: 'assumed' },
  errors: JT_ERRORS,
  configSchema: JtConfigSchema,
  create: (config, ctx) => createClient(config, ctx),
});
