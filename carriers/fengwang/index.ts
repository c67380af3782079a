// 丰网速运 (Fengwang) declaration-only entry: names and Kuaidi100 code; no public API found, tracking and interception go through hubs.
import { defineCarrier } from '../../src/carrier/define.ts';

export default defineCarrier({
  id: 'fengwang',
  kind: 'carrier',
  names: { zh: '丰网速运', en: 'Fengwang Express' },
  kuaidi100Code: { code: 'fengwang', confidence: 'C-src' },
  // Inferred: the Kuaidi100-style pinyin code the platform is believed to use (none retrieved from the console).
  douyinCompanyCode: { code: 'fengwang', confidence: 'I' },
  // No number format found (reference §10, §17: gap): none declared.
  waybillPatterns: [],
  capabilities: { track: false, intercept: false, cancelIntercept: false, push: false, complaint: false },
  limits: { source: 'assumed' },
  errors: {},
  notes:
    "SF's franchise network, taken over by J&T in 2023 (reference §10, mark I). No public API found. Track and intercept " +
    "through a hub: Kuaidi100 (code fengwang; Kuaidi100 needs the phone number for Fengwang queries), or Douyin's " +
    'logistics-intercept service for Douyin orders.',
});
