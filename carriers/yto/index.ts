// YTO 圆通速递 plugin declaration: names, waybill format, capabilities, limits, error table, account config and client.
import { defineCarrier } from '../../src/carrier/define.ts';
import { createClient, YTO_CARRIER_ID } from './client.ts';
import { YTO_ERRORS } from './mapping.ts';
import { YtoConfigSchema, type YtoConfig } from './config.ts';

export * from './config.ts';

export default defineCarrier<YtoConfig>({
  id: YTO_CARRIER_ID,
  kind: 'carrier',
  names: { zh: '圆通速递', en: 'YTO Express' },
  kuaidi100Code: { code: 'yuantong', confidence: 'C-doc' },
  // Inferred: the Kuaidi100-style pinyin code the platform is believed to use (none retrieved from the console).
  douyinCompanyCode: { code: 'yuantong', confidence: 'I' },
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
