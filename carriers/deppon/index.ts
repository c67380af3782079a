// Deppon 德邦快递 plugin declaration: names, waybill format, tracking-only capabilities, limits, error table, account config and client.
import { defineCarrier } from '../../src/carrier/define.ts';
import { createClient, DEPPON_CARRIER_ID } from './client.ts';
import { DEPPON_ERRORS } from './mapping.ts';
import { DepponConfigSchema, type DepponConfig } from './config.ts';

export * from './config.ts';

export default defineCarrier<DepponConfig>({
  id: DEPPON_CARRIER_ID,
  kind: 'carrier',
  names: { zh: '德邦快递', en: 'Deppon Express' },
  kuaidi100Code: { code: 'debangkuaidi', confidence: 'C-src' },
  // Inferred: the Kuaidi100-style pinyin code the platform is believed to use (none retrieved from the console).
  douyinCompanyCode: { code: 'debangkuaidi', confidence: 'I' },
  waybillPatterns: [{ pattern: /^DPK\d{12}$/, prefixed: true, confidence: 'C-src' }],
  capabilities: {
    track: { batchSize: 1, needsPhoneLast4: 'never', confidence: 'C-src' },
    // No public intercept API (reference §11, §20): the router sends Deppon interceptions through the Kuaidi100 hub.
    intercept: false,
    cancelIntercept: false,
    // A subscription exists (client.ts `subscribe`) but the push format is not known.
    push: false,
    complaint: false,
  },
  // Deppon publishes no quota: our guess.
  limits: { perSecond: 5, perMinute: 200, source: 'assumed' },
  errors: DEPPON_ERRORS,
  configSchema: DepponConfigSchema,
  create: (config, ctx) => createClient(config, ctx),
  notes: 'Tracking only; interceptions go through the Kuaidi100 hub (no public Deppon intercept API).',
});
