// 邮政快递包裹 / 邮政国内 (China Post domestic parcels) plugin declaration: names, codes, waybill formats, and the shared China Post platform client with its product flag.
import { defineCarrier } from '../../src/carrier/define.ts';
import { createClient, EMS_PLATFORM_CAPABILITIES, EMS_PLATFORM_LIMITS, EMS_PLATFORM_NOTES } from './client.ts';
import { EMS_ERRORS } from './mapping.ts';
import { type EmsConfig, EmsConfigSchema } from './schemas.ts';

export default defineCarrier<EmsConfig>({
  id: 'chinapost-domestic',
  kind: 'carrier',
  names: { zh: '邮政快递包裹', en: 'China Post domestic parcels' },
  kuaidi100Code: { code: 'youzhengguonei', confidence: 'C-src' },
  // Reference §17: China Post parcel numbers "often start 9" (I); the P-prefixed form is the platform's (C-src),
  // its product is not known: both China Post products declare 9… and P…, and 8… with EMS (I).
  waybillPatterns: [
    { pattern: /^P[A-Z]\d{11}$/, prefixed: true, confidence: 'I' },
    { pattern: /^9\d{12}$/, prefixed: false, confidence: 'I' },
    { pattern: /^8\d{12}$/, prefixed: false, confidence: 'I' },
  ],
  capabilities: EMS_PLATFORM_CAPABILITIES,
  limits: EMS_PLATFORM_LIMITS,
  errors: EMS_ERRORS,
  configSchema: EmsConfigSchema,
  create: (config, ctx) => createClient(config, ctx, 'chinapost-domestic'),
  notes: EMS_PLATFORM_NOTES,
});
