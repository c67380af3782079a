// Yunda 韵达快递 plugin declaration: names, waybill formats, tracking-only capabilities, limits, error table, account config and client.
import { defineCarrier } from '../../src/carrier/define.ts';
import { createClient, YUNDA_CARRIER_ID } from './client.ts';
import { YUNDA_ERRORS } from './mapping.ts';
import { YundaConfigSchema, type YundaConfig } from './config.ts';

export * from './config.ts';

export default defineCarrier<YundaConfig>({
  id: YUNDA_CARRIER_ID,
  kind: 'carrier',
  names: { zh: '韵达快递', en: 'Yunda Express' },
  kuaidi100Code: { code: 'yunda', confidence: 'C-doc' },
  // Inferred: the Kuaidi100-style pinyin code the platform is believed to use (none retrieved from the console).
  douyinCompanyCode: { code: 'yunda', confidence: 'I' },
  waybillPatterns: [
    { pattern: /^[34]\d{14}$|^5\d{12}$/, prefixed: false, confidence: 'C-src' },
    // Older 13-digit numbers starting with 3 (one Kuaidi100 sample, 3914712788236): reference §17 mark I.
    { pattern: /^3\d{12}$/, prefixed: false, confidence: 'I' },
  ],
  capabilities: {
    track: { batchSize: 1, needsPhoneLast4: 'never', confidence: 'C-src' },
    // No public intercept API (reference §4, §20): the router sends Yunda interceptions through the Kuaidi100 hub.
    intercept: false,
    cancelIntercept: false,
    // A subscription exists (client.ts `subscribe`) but the push format is not known.
    push: false,
    complaint: false,
  },
  // Yunda publishes no quota: our guess.
  limits: { perSecond: 5, perMinute: 200, source: 'assumed' },
  errors: YUNDA_ERRORS,
  configSchema: YundaConfigSchema,
  create: (config, ctx) => createClient(config, ctx),
  notes: 'Tracking only; interceptions go through the Kuaidi100 hub (no public Yunda intercept API).',
});
