// 圆通快运 (YTO Freight) declaration-only entry: names and Kuaidi100 code; no public API found, tracking and interception go through hubs.
import { defineCarrier } from '../../src/carrier/define.ts';

export default defineCarrier({
  id: 'yto-freight',
  kind: 'carrier',
  names: { zh: '圆通快运', en: 'YTO Freight' },
  kuaidi100Code: { code: 'yuantongkuaiyun', confidence: 'C-src' },
  // Inferred: the Kuaidi100-style pinyin code the platform is believed to use (none retrieved from the console).
  douyinCompanyCode: { code: 'yuantongkuaiyun', confidence: 'I' },
  // No number format found (reference §12, §17: gap): none declared.
  waybillPatterns: [],
  capabilities: { track: false, intercept: false, cancelIntercept: false, push: false, complaint: false },
  limits: { source: 'assumed' },
  errors: {},
  notes:
    'Listed apart from YTO Express (yto), under its own Kuaidi100 code. No public API found (reference §12). Track and intercept through ' +
    "a hub: Kuaidi100 (code yuantongkuaiyun), or Douyin's logistics-intercept service for Douyin orders.",
});
