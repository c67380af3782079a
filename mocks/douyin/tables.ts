// The simulator's own code tables: how it renders world events as route nodes, refusals as unavailable reasons, and its carriers.
import type { WorldEventKind, WorldRefusal } from '../kit/world.ts';

/** Route-node state codes and descriptions the simulator renders (the real enum, doc 94/1642, is unknown: these are ours). */
export const SIM_ROUTE_STATE: Record<WorldEventKind, { state: string; description: string; content: (place: string) => string }> = {
  COLLECTED: { state: '1', description: '已揽收', content: (p) => `【${p}】快递员已揽件` },
  IN_TRANSIT: { state: '2', description: '运输中', content: (p) => `快件离开【${p}】，发往下一站` },
  ARRIVED: { state: '2', description: '运输中', content: (p) => `快件到达【${p}】` },
  OUT_FOR_DELIVERY: { state: '3', description: '派送中', content: (p) => `【${p}】快递员正在派件` },
  AT_PICKUP_POINT: { state: '4', description: '驿站待取', content: (p) => `快件已到【${p}】驿站，请及时领取` },
  DELIVERED: { state: '5', description: '已签收', content: (p) => `快件已在【${p}】签收` },
  BUYER_REFUSED: { state: '6', description: '拒收', content: (p) => `【${p}】收件人拒收` },
  RETURNING: { state: '7', description: '退回中', content: (p) => `快件在【${p}】退回寄件人` },
  RETURNED: { state: '8', description: '退回签收', content: (p) => `退回件已在【${p}】签收` },
  EXCEPTION: { state: '9', description: '异常', content: (p) => `【${p}】快件异常` },
};

/** World refusals → the simulator's unavailable reasons (the platform's code list is not published). */
export const SIM_REFUSAL: Record<WorldRefusal, { code: string; reason: string }> = {
  NOT_COLLECTED: { code: '1001', reason: '快递未揽收，暂不支持拦截' },
  ALREADY_DELIVERED: { code: '1002', reason: '快递已签收，无法拦截' },
  DUPLICATE: { code: '1003', reason: '该运单已拦截，请勿重复申请' },
  NOT_ALLOWED: { code: '1004', reason: '该快递公司暂不支持拦截' },
  UNKNOWN_WAYBILL: { code: '1005', reason: '未查询到运单信息' },
  NOT_CANCELLABLE: { code: '1006', reason: '当前状态不可操作' },
  ALREADY_RETURNING: { code: '1007', reason: '快递已在退回中' },
};

/** Company codes the simulated intercept service supports, with its price in fen. */
export const SIM_COMPANIES: Readonly<Record<string, { name: string; costFen: number }>> = {
  zhongtong: { name: '中通快递', costFen: 300 },
  yuantong: { name: '圆通快递', costFen: 300 },
  yunda: { name: '韵达快递', costFen: 300 },
  shentong: { name: '申通快递', costFen: 300 },
  shunfeng: { name: '顺丰速运', costFen: 500 },
  youzhengbk: { name: '邮政快递', costFen: 300 },
  huitongkuaidi: { name: '百世快递', costFen: 300 },
  jtexpress: { name: '极兔快递', costFen: 300 },
  ems: { name: 'EMS', costFen: 400 },
  fengwang: { name: '丰网速运', costFen: 300 },
  debangkuaidi: { name: '德邦快递', costFen: 400 },
  youzhengguonei: { name: '邮政国内', costFen: 300 },
  yuantongkuaiyun: { name: '圆通快运', costFen: 400 },
};

/** order_logistics_state of a parcel from its latest world event (1 refused, 2 signed, 3 returning, 4 merchant signed, 0 otherwise). */
export const SIM_ORDER_LOGISTICS_STATE: Partial<Record<WorldEventKind, number>> = {
  BUYER_REFUSED: 1,
  DELIVERED: 2,
  RETURNING: 3,
  RETURNED: 4,
};

/** Error envelopes the simulator answers with (reference §16 codes and the SDK's operate codes). */
export const SIM_ERRORS = {
  badSign: { code: 40004, msg: '非法的参数', sub_code: 'isv.parameter-invalid:sign', sub_msg: '签名校验失败' },
  badParam: { code: 40004, msg: '非法的参数', sub_code: 'isv.parameter-invalid', sub_msg: '参数错误' },
  noAfterSale: { code: 20000, msg: '系统错误', sub_code: 'isp.service-error:10000', sub_msg: '存在无效的售后单' },
  notOpen: {
    code: 50002,
    msg: '业务处理失败',
    sub_code: 'isv.business-failed:11001',
    sub_msg: '11001:暂不支持通过OPEN处理，请登录抖店后台人工审核售后单。如有疑问，请联系平台客服。',
  },
  statusError: { code: 50002, msg: '业务处理失败', sub_code: 'isv.business-failed:20309541', sub_msg: '售后状态错误' },
  /** Not from the reference (no Douyin auth code is documented): what the simulator answers for an unknown or used refresh token. */
  badRefreshToken: {
    code: 40004,
    msg: '非法的参数',
    sub_code: 'isv.parameter-invalid:refresh_token',
    sub_msg: 'refresh_token无效或已过期',
  },
} as const;
