// Kuaidi100 快递100 hub declaration: names, capabilities, the shared account quota and per-number lock, error table, config and client.
import { defineCarrier } from '../../src/carrier/define.ts';
import { createClient, KUAIDI100_ID } from './client.ts';
import { KUAIDI100_ERRORS, SERVED_CARRIERS } from './mapping.ts';
import { Kuaidi100ConfigSchema, type Kuaidi100Config } from './config.ts';

export * from './config.ts';

const DAY = 24 * 3_600_000;

export default defineCarrier<Kuaidi100Config>({
  id: KUAIDI100_ID,
  kind: 'hub',
  names: { zh: '快递100', en: 'Kuaidi100' },
  waybillPatterns: [],
  capabilities: {
    // One number per query; SF and Fengwang need the phone's last four digits, so the hub always asks for them.
    track: { batchSize: 1, needsPhoneLast4: 'always', confidence: 'C-doc' },
    intercept: {
      kinds: ['RETURN_TO_SENDER', 'RETURN_TO_ORIGIN_STATION', 'REDIRECT'],
      // orderId is informational: Kuaidi100 deduplicates on nothing we send.
      idempotencyKey: false,
      needsAfterSale: false,
      confidence: 'C-doc',
    },
    // No cancel API found (reference §19.1).
    cancelIntercept: false,
    // Subscription pushes are C-doc; the interception callback's form is inferred (see README).
    push: { auth: 'signature', confidence: 'C-doc' },
    // Work-order requests are C-doc (official demo); their answers are not shown, so their reading is inferred.
    complaint: { confidence: 'I' },
  },
  // One account is one quota shared by every carrier it serves. Kuaidi100 publishes no rate: ours is a
  // guess. The per-number lock IS published (reference §13): > 48 queries of one number in 24 h locks it.
  limits: { perSecond: 5, perMinute: 200, maxConcurrent: 4, perNumber: { max: 48, windowMs: DAY }, source: 'assumed' },
  errors: KUAIDI100_ERRORS,
  configSchema: Kuaidi100ConfigSchema,
  create: (config, ctx) => createClient(config, ctx),
  servesCarriers: SERVED_CARRIERS,
  notes: 'hub: tracking, interception with an asynchronous callback (format inferred), work orders',
});
