// SF Express 顺丰速运 plugin declaration: capabilities, limits, error table, account configuration and factory.
import { defineCarrier } from '../../src/carrier/define.ts';
import type { InterceptKind } from '../../src/carrier/model.ts';
import { createClient } from './client.ts';
import { SF_ERRORS, SF_INTERCEPT_SERVICE_CODES } from './mapping.ts';
import { SfConfigSchema, type SfConfig } from './config.ts';

export * from './config.ts';

const interceptKinds = Object.keys(SF_INTERCEPT_SERVICE_CODES) as InterceptKind[];

export default defineCarrier<SfConfig>({
  id: 'sf',
  kind: 'carrier',
  names: { zh: '顺丰速运', en: 'SF Express' },
  kuaidi100Code: { code: 'shunfeng', confidence: 'C-doc' },
  // Inferred: the Kuaidi100-style pinyin code the platform is believed to use (none retrieved from the console).
  douyinCompanyCode: { code: 'shunfeng', confidence: 'I' },
  waybillPatterns: [{ pattern: /^SF\d{13}$/, prefixed: true, confidence: 'C-src' }],
  capabilities: {
    track: { batchSize: 10, needsPhoneLast4: 'when-not-own-waybill', confidence: 'C-doc' },
    intercept: { kinds: interceptKinds, idempotencyKey: false, needsAfterSale: false, confidence: 'S' },
    cancelIntercept: { confidence: 'S' },
    push: { auth: 'url-token', confidence: 'C-src' },
    complaint: false,
  },
  // SF publishes no QPS: a conservative guess.
  limits: { perSecond: 5, maxConcurrent: 4, source: 'assumed' },
  errors: SF_ERRORS,
  configSchema: SfConfigSchema,
  create: (config, ctx) => createClient(config, ctx),
});
