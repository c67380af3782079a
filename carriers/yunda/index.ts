// Yunda 韵达快递 plugin declaration: names, waybill formats, tracking-only capabilities, limits, error table, account config and client.
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';
import { defineCarrier } from '../../src/carrier/define.ts';
import { createClient, YUNDA_CARRIER_ID } from './client.ts';
import { YUNDA_ERRORS } from './mapping.ts';

/** Production host (the test host is https://u-openapi.yundasys.com). */
export const YUNDA_PRODUCTION_URL = 'https://openapi.yundaex.com';

/** A Yunda open-platform account: base URL, timeout, and the app key and secret from open.yundaex.com. */
export const YundaConfigSchema = BaseAccountConfigSchema.extend({
  /** Yunda host; API paths are appended to it. Default: production. */
  baseUrl: z.url().default(YUNDA_PRODUCTION_URL),
  /** App key, sent as the `app-key` header. */
  appKey: z.string().min(1),
  /** App secret, appended (after "_") to the signed body; never sent. */
  appSecret: z.string().min(1),
});
/** A validated Yunda account configuration. */
export type YundaConfig = z.infer<typeof YundaConfigSchema>;

export default defineCarrier<YundaConfig>({
  id: YUNDA_CARRIER_ID,
  kind: 'carrier',
  names: { zh: '韵达快递', en: 'Yunda Express' },
  kuaidi100Code: { code: 'yunda', confidence: 'C-doc' },
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
