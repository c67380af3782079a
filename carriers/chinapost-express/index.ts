// 邮政快递 (China Post standard express) plugin declaration: names, codes and waybill formats over the shared China Post platform declaration and client, with its product flag.
import { CHINA_POST_PARCEL_PATTERNS, defineEmsProduct } from '../ems/product.ts';

export default defineEmsProduct({
  id: 'chinapost-express',
  names: { zh: '邮政快递', en: 'China Post Express (standard express)' },
  // youzhengbk = 邮政标准快递 in Kuaidi100's list (C-src); that it is this product is our reading (I).
  kuaidi100Code: { code: 'youzhengbk', confidence: 'I' },
  // Inferred: the Kuaidi100-style pinyin code the platform is believed to use (none retrieved from the console).
  douyinCompanyCode: { code: 'youzhengbk', confidence: 'I' },
  waybillPatterns: CHINA_POST_PARCEL_PATTERNS,
});
