// STO 申通快递 plugin declaration: names, waybill format, capabilities, limits, error table, account config and client.
import { defineCarrier } from '../../src/carrier/define.ts';
import { createClient, STO_CARRIER_ID } from './client.ts';
import { STO_ERRORS, TRACK_BATCH_SIZE } from './mapping.ts';
import { StoConfigSchema, type StoConfig } from './config.ts';

export * from './config.ts';

export default defineCarrier<StoConfig>({
  id: STO_CARRIER_ID,
  kind: 'carrier',
  names: { zh: '申通快递', en: 'STO Express' },
  kuaidi100Code: { code: 'shentong', confidence: 'C-doc' },
  // Inferred: the Kuaidi100-style pinyin code the platform is believed to use (none retrieved from the console).
  douyinCompanyCode: { code: 'shentong', confidence: 'I' },
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
