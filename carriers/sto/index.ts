// STO 申通快递 plugin declaration: names, waybill format, capabilities, limits, error table, account config and client.
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';
import { defineCarrier } from '../../src/carrier/define.ts';
import { createClient, STO_CARRIER_ID } from './client.ts';
import { STO_ERRORS, TRACK_BATCH_SIZE } from './mapping.ts';

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

export default defineCarrier<StoConfig>({
  id: STO_CARRIER_ID,
  kind: 'carrier',
  names: { zh: '申通快递', en: 'STO Express' },
  kuaidi100Code: { code: 'shentong', confidence: 'C-doc' },
  waybillPatterns: [{ pattern: /^(77|43)\d{12,15}$/, prefixed: false, confidence: 'C-src' }],
  capabilities: {
    // Batch size assumed (the reference gives none); no phone digits in the documented request.
    track: { batchSize: TRACK_BATCH_SIZE, needsPhoneLast4: 'never', confidence: 'C-src' },
    // STO documents no key to deduplicate on: an interception is never retried blindly.
    intercept: { kinds: ['RETURN_TO_SENDER', 'REDIRECT'], idempotencyKey: false, needsAfterSale: false, confidence: 'S' },
    cancelIntercept: { confidence: 'S' },
    // Subscription exists (STO_TRACE_PLATFORM_SUBSCRIBE) but the push format was not found.
    push: false,
    complaint: false,
  },
  // STO publishes no quota: a conservative guess.
  limits: { perSecond: 10, perMinute: 300, source: 'assumed' },
  errors: STO_ERRORS,
  configSchema: StoConfigSchema,
  create: (config, ctx) => createClient(config, ctx),
});
