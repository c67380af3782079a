// Deppon 德邦快递 plugin declaration: names, waybill format, tracking-only capabilities, limits, error table, account config and client.
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';
import { defineCarrier } from '../../src/carrier/define.ts';
import { createClient, DEPPON_CARRIER_ID } from './client.ts';
import { DEPPON_ERRORS } from './mapping.ts';

/** Production sync gateway (sandbox: http://dpsanbox.deppon.com/sandbox-web, whose paths differ). */
export const DEPPON_PRODUCTION_URL = 'https://dpapi.deppon.com';

/** A Deppon DOP account: base URL, timeout, company code and app key from open.deppon.com. */
export const DepponConfigSchema = BaseAccountConfigSchema.extend({
  /** DOP sync gateway; API paths are appended to it. Default: production. */
  baseUrl: z.url().default(DEPPON_PRODUCTION_URL),
  /** Company code (公司编码), sent as the `companyCode` form field. */
  companyCode: z.string().min(1),
  /** App key (the signing secret), part of the digest; never sent. */
  appKey: z.string().min(1),
});
/** A validated Deppon account configuration. */
export type DepponConfig = z.infer<typeof DepponConfigSchema>;

export default defineCarrier<DepponConfig>({
  id: DEPPON_CARRIER_ID,
  kind: 'carrier',
  names: { zh: '德邦快递', en: 'Deppon Express' },
  kuaidi100Code: { code: 'debangkuaidi', confidence: 'C-src' },
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
