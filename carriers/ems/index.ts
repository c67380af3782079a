// EMS 中国邮政速递 plugin declaration: names, waybill formats and Kuaidi100 code over the shared platform declaration (product.ts) and client.
import { defineEmsProduct } from './product.ts';

export { EmsConfigSchema, EMS_PRODUCTION_URL, type EmsConfig } from './schemas.ts';

export default defineEmsProduct({
  id: 'ems',
  names: { zh: 'EMS 中国邮政速递', en: 'EMS (China Post Express & Logistics)' },
  kuaidi100Code: { code: 'ems', confidence: 'C-src' },
  // Inferred: the Kuaidi100-style pinyin code the platform is believed to use (none retrieved from the console).
  douyinCompanyCode: { code: 'ems', confidence: 'I' },
  // Reference §17: the platform's 13-digit numbers are ^[981]\d{12}$ (C-src); EMS "often 1" is inferred,
  // 8 is not attributed to a product by any source (declared by all three, I). S10 form: EMS international.
  waybillPatterns: [
    { pattern: /^[A-Z]{2}\d{9}[A-Z]{2}$/, prefixed: true, confidence: 'C-src' },
    { pattern: /^1\d{12}$/, prefixed: false, confidence: 'I' },
    { pattern: /^8\d{12}$/, prefixed: false, confidence: 'I' },
  ],
});
