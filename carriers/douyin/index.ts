// Douyin shop open platform (抖店开放平台) as a hub: its logistics-intercept service (快递拦截服务) and route query, for the 13 seed carriers.
import { defineCarrier } from '../../src/carrier/define.ts';
import { createClient, DOUYIN_ID } from './client.ts';
import { DOUYIN_ERRORS, DOUYIN_SERVED_CARRIERS } from './mapping.ts';
import { DouyinConfigSchema, type DouyinConfig } from './config.ts';

export * from './config.ts';

export default defineCarrier<DouyinConfig>({
  id: DOUYIN_ID,
  kind: 'hub',
  names: { zh: '抖店开放平台(快递拦截服务)', en: 'Douyin shop open platform (intercept service)' },
  waybillPatterns: [],
  capabilities: {
    // One number per route query; only numbers of Douyin e-waybills that were sent back with the shipment show a route.
    track: { batchSize: 1, needsPhoneLast4: 'never', confidence: 'C-src' },
    intercept: {
      // The service takes no kind: the parcel goes back to the merchant.
      kinds: ['RETURN_TO_SENDER'],
      // Nothing we send is deduplicated; the after-sale is the platform's key, not ours.
      idempotencyKey: false,
      needsAfterSale: true,
      confidence: 'C-src',
    },
    // No cancel API is documented.
    cancelIntercept: false,
    // Message pushes are the platform's after-sale messages, taken in by src/platform/douyin, not a route push.
    push: false,
    complaint: false,
  },
  // No published quota: our guess.
  limits: { perSecond: 10, perMinute: 300, maxConcurrent: 4, source: 'assumed' },
  errors: DOUYIN_ERRORS,
  configSchema: DouyinConfigSchema,
  create: (config, ctx) => createClient(config, ctx),
  servesCarriers: DOUYIN_SERVED_CARRIERS,
  notes:
    'hub: the platform intercept service (PLATFORM_SERVICE channel: the platform refunds), route query; after-sale operate and pushes live in src/platform/douyin',
});
