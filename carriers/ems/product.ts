// The declaration every product of the China Post platform shares (one client, capabilities, limits, errors, account config); each product names itself.
import { type Confidence, defineCarrier, type CarrierPlugin, type WaybillPattern } from '../../src/carrier/define.ts';
import { createClient, EMS_PLATFORM_CAPABILITIES, EMS_PLATFORM_LIMITS, EMS_PLATFORM_NOTES, type EmsProductId } from './client.ts';
import { EMS_ERRORS } from './mapping.ts';
import { type EmsConfig, EmsConfigSchema } from './schemas.ts';

/** What one product of the platform declares of its own; everything else is the platform's. */
export interface EmsProductDeclaration {
  /** Registry id, also the product flag the shared client puts on results, errors and push updates. */
  id: EmsProductId;
  names: { zh: string; en: string };
  kuaidi100Code: { code: string; confidence: Confidence };
  /** Douyin `company_code` of the product. */
  douyinCompanyCode: { code: string; confidence: Confidence };
  waybillPatterns: readonly WaybillPattern[];
}

/**
 * Reference §17: China Post parcel numbers "often start 9" (I); the P-prefixed form is the
 * platform's (C-src), its product is not known: both China Post products declare 9… and P…, and
 * 8… with EMS (I).
 */
export const CHINA_POST_PARCEL_PATTERNS: readonly WaybillPattern[] = [
  { pattern: /^P[A-Z]\d{11}$/, prefixed: true, confidence: 'I' },
  { pattern: /^9\d{12}$/, prefixed: false, confidence: 'I' },
  { pattern: /^8\d{12}$/, prefixed: false, confidence: 'I' },
];

/**
 * The plugin of one platform product: its id, names, Kuaidi100 code and waybill formats, with the
 * platform's capabilities, limits, error table, account config, notes, and the shared client
 * created with the product's id as its flag.
 */
export function defineEmsProduct(product: EmsProductDeclaration): CarrierPlugin<EmsConfig> {
  return defineCarrier<EmsConfig>({
    id: product.id,
    kind: 'carrier',
    names: product.names,
    kuaidi100Code: product.kuaidi100Code,
    douyinCompanyCode: product.douyinCompanyCode,
    waybillPatterns: product.waybillPatterns,
    capabilities: EMS_PLATFORM_CAPABILITIES,
    limits: EMS_PLATFORM_LIMITS,
    errors: EMS_ERRORS,
    configSchema: EmsConfigSchema,
    create: (config, ctx) => createClient(config, ctx, product.id),
    notes: EMS_PLATFORM_NOTES,
  });
}
