// 百世快递 (Best Express) declaration-only entry: names and Kuaidi100 code; no public API of its own is used, tracking and interception go through hubs.
import { defineCarrier } from '../../src/carrier/define.ts';

export default defineCarrier({
  id: 'best',
  kind: 'carrier',
  names: { zh: '百世快递', en: 'Best Express' },
  kuaidi100Code: { code: 'huitongkuaidi', confidence: 'C-doc' },
  // Inferred: the Kuaidi100-style pinyin code the platform is believed to use (none retrieved from the console).
  douyinCompanyCode: { code: 'huitongkuaidi', confidence: 'I' },
  // No number format is confirmed (reference §9, §17: a legacy rule and one mock number, mark I): none declared.
  waybillPatterns: [],
  capabilities: { track: false, intercept: false, cancelIntercept: false, push: false, complaint: false },
  limits: { source: 'assumed' },
  errors: {},
  notes:
    'Domestic network taken over by J&T in 2021 (reference §9, mark I). Declaration only: a legacy EDI track API exists ' +
    'in one third-party source (mark S) but is not implemented. Track and intercept through a hub: Kuaidi100 (code huitongkuaidi), ' +
    "or Douyin's logistics-intercept service for Douyin orders.",
});
