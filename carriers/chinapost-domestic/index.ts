// 邮政快递包裹 / 邮政国内 (China Post domestic parcels) plugin declaration: names, codes and waybill formats over the shared China Post platform declaration and client, with its product flag.
import { CHINA_POST_PARCEL_PATTERNS, defineEmsProduct } from '../ems/product.ts';

export default defineEmsProduct({
  id: 'chinapost-domestic',
  names: { zh: '邮政快递包裹', en: 'China Post domestic parcels' },
  kuaidi100Code: { code: 'youzhengguonei', confidence: 'C-src' },
  // Inferred: the Kuaidi100-style pinyin code the platform is believed to use (none retrieved from the console).
  douyinCompanyCode: { code: 'youzhengguonei', confidence: 'I' },
  waybillPatterns: CHINA_POST_PARCEL_PATTERNS,
});
