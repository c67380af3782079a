// J&T 极兔速递 plugin declaration: names, waybill format, capabilities, limits, error table, account config and client.
import { defineCarrier } from '../../src/carrier/define.ts';
import { createClient, JT_CARRIER_ID } from './client.ts';
import { JT_ERRORS, TRACK_BATCH_SIZE } from './mapping.ts';
import { JtConfigSchema, type JtConfig } from './config.ts';

export * from './config.ts';

export default defineCarrier<JtConfig>({
  id: JT_CARRIER_ID,
  kind: 'carrier',
  names: { zh: '极兔速递', en: 'J&T Express' },
  kuaidi100Code: { code: 'jtexpress', confidence: 'C-doc' },
  // Inferred: the Kuaidi100-style pinyin code the platform is believed to use (none retrieved from the console).
  douyinCompanyCode: { code: 'jtexpress', confidence: 'I' },
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
