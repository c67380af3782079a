// ZTO 中通快递 plugin declaration: names, waybill format, capabilities, limits, error table, account config and client.
import { defineCarrier } from '../../src/carrier/define.ts';
import { createClient, ZTO_CARRIER_ID } from './client.ts';
import { ZTO_ERRORS } from './mapping.ts';
import { ZtoConfigSchema, type ZtoConfig } from './config.ts';

export * from './config.ts';

export default defineCarrier<ZtoConfig>({
  id: ZTO_CARRIER_ID,
  kind: 'carrier',
  names: { zh: '中通快递', en: 'ZTO Express' },
  kuaidi100Code: { code: 'zhongtong', confidence: 'C-doc' },
  // Inferred: the Kuaidi100-style pinyin code the platform is believed to use (none retrieved from the console).
  douyinCompanyCode: { code: 'zhongtong', confidence: 'I' },
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
