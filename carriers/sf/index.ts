// SF Express 顺丰速运 plugin declaration: capabilities, limits, error table, account configuration and factory.
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';
import { defineCarrier } from '../../src/carrier/define.ts';
import type { InterceptKind } from '../../src/carrier/model.ts';
import { createClient } from './client.ts';
import { SF_ERRORS, SF_INTERCEPT_SERVICE_CODES } from './mapping.ts';

/** SF production gateway host (the service path `/std/service` is added per call). */
export const SF_PRODUCTION_URL = 'https://sfapi.sf-express.com';
/** SF sandbox gateway host. */
export const SF_SANDBOX_URL = 'https://sfapi-sbox.sf-express.com';

/** Account configuration of an SF 丰桥 partner. */
export const SfConfigSchema = BaseAccountConfigSchema.extend({
  /** Gateway host; production by default, `SF_SANDBOX_URL` or a simulator for tests. */
  baseUrl: z.url().default(SF_PRODUCTION_URL),
  /** 顾客编码 (`partnerID`). */
  partnerId: z.string().min(1),
  /** 校验码 (checkWord), the signing secret. */
  checkWord: z.string().min(1),
  /** 月结卡号: SF needs it for interceptions paid on the monthly account (payMode 4); tracking works without it. */
  monthlyCardNo: z.string().min(1).optional(),
  /** Secret token SF must put in the route-push URL (`?token=`); without it every push is rejected. */
  pushToken: z.string().min(16).optional(),
  /** Optional allow-list of SF push source IP addresses. */
  pushAllowedIps: z.array(z.string().min(1)).min(1).optional(),
});
/** A validated SF account configuration. */
export type SfConfig = z.output<typeof SfConfigSchema>;

const interceptKinds = Object.keys(SF_INTERCEPT_SERVICE_CODES) as InterceptKind[];

export default defineCarrier<SfConfig>({
  id: 'sf',
  kind: 'carrier',
  names: { zh: '顺丰速运', en: 'SF Express' },
  kuaidi100Code: { code: 'shunfeng', confidence: 'C-doc' },
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
