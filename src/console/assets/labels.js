// Chinese labels (with the English term beside them) for the codes the API returns: statuses, verdicts, channels, states, kinds. Reason codes come with their own zh/en messages from the API.

/** @type {Record<string, Record<string, string>>} */
export const LABELS = {
  status: {
    OPEN: '待处理',
    REFUSE_SIGN_AGREED: '已同意拒签后退款',
    REFUND_ISSUED: '已发起退款',
    REFUNDED: '已退款',
    REJECTED: '已拒绝',
    CLOSED: '已关闭',
    'refund-after-rejection': '拒签后退款(已同意)',
  },
  verdict: { ELIGIBLE: '符合', INELIGIBLE: '不符合', UNKNOWN: '待定' },
  source: { ESTIMATE: 'lanjie 判定/估算', PLATFORM: '平台判定' },
  channel: { CARRIER_API: '快递公司接口', PLATFORM_SERVICE: '平台拦截服务', HUB: '快递100', OFFLINE: '线下拦截' },
  route: { CARRIER_API: '快递公司接口', DOUYIN_INTERCEPT_SERVICE: '抖店快递拦截服务', KUAIDI100: '快递100', OFFLINE: '线下' },
  interceptState: {
    REQUESTED: '已申请',
    REJECTED: '被拒绝',
    ACCEPTED: '已受理',
    IN_PROGRESS: '拦截中',
    SUCCEEDED: '拦截成功',
    FAILED: '拦截失败',
    CANCELLED: '已取消',
    RETURNING: '退回中',
    RETURNED: '已退回',
  },
  interceptKind: {
    RETURN_TO_SENDER: '退回寄件人',
    RETURN_TO_ORIGIN_STATION: '退回始发网点',
    RETURN_TO_ADDRESS: '退回指定地址',
    REDIRECT: '改址',
  },
  payer: { MERCHANT: '商家', BUYER: '买家', PLATFORM: '平台', CARRIER: '快递公司', UNKNOWN: '未知' },
  logistics: {
    UNKNOWN: '未知',
    NOT_COLLECTED: '未揽收',
    IN_TRANSIT: '运输中',
    AT_PICKUP_POINT: '已到驿站/快递柜',
    DELIVERED: '已签收',
    EXCEPTION: '物流异常',
    RETURNING: '退回中',
    RETURNED: '已退回',
  },
  eventKind: {
    INFO_RECEIVED: '已下单',
    COLLECTED: '已揽收',
    IN_TRANSIT: '运输中',
    ARRIVED_DEST_CITY: '到达目的城市',
    OUT_FOR_DELIVERY: '派送中',
    AT_PICKUP_POINT: '到驿站/快递柜',
    DELIVERED: '已签收',
    DELIVERY_FAILED: '派送失败',
    REJECTED: '拒签',
    RETURNING: '退回中',
    RETURNED: '已退回',
    REDIRECTED: '已改址',
    INTERCEPTED: '已拦截',
    EXCEPTION: '异常',
    CUSTOMS: '清关',
    CANCELLED: '已取消',
    UNKNOWN: '未知',
  },
  complaintVia: { SUPPORT_TASK: '客服任务', HUB_WORK_ORDER: '快递100工单' },
  complaintStatus: { OPEN: '处理中', RESOLVED: '已解决', REJECTED: '已驳回' },
  complaintReason: {
    RETURN_OVERDUE: '退回超时未签收',
    INTERCEPT_BREACHED: '拦截成功后仍派送给买家',
    RETURN_SIGNED_BY_OTHER: '退回件被他人签收',
  },
  complaintReasonEn: {
    RETURN_OVERDUE: 'Return overdue',
    INTERCEPT_BREACHED: 'Delivered to the buyer after the interception succeeded',
    RETURN_SIGNED_BY_OTHER: 'Return signed by someone else',
  },
  taskStatus: { OPEN: '待办', DONE: '已完成' },
  deadlineField: { dueComputed: 'lanjie 计算', duePlatform: '平台时效' },
  mode: { douyin: '抖店模式', generic: '通用模式' },
  returnOutcome: { RECEIVED: '商家已收到', SIGNED_BY_OTHER: '被他人签收' },
  closedCause: { BUYER_CANCELLED: '买家撤销', REJECTED: '已拒绝', REFUNDED: '已退款', OTHER: '其他' },
  event: {
    CASE_OPENED: '建单',
    TRACKING_UPDATE: '物流更新',
    REQUEST_INTERCEPTION: '申请拦截',
    INTERCEPT_REPLY: '拦截回复',
    INTERCEPT_CALLBACK: '拦截回调',
    INTERCEPT_CANCEL_REPLY: '取消拦截回复',
    TIMER_FIRED: '定时器',
    REFUSE_SIGN_AGREED: '同意拒签后退款',
    REFUSE_SIGN_DECLINED: '平台未同意',
    REFUNDED: '已退款',
    CLOSED: '关闭',
    ARBITRATION: '仲裁',
    BUYER_MODIFIED: '买家修改',
    COMPLAINT_UPDATED: '投诉更新',
    COMPLETE_SUPPORT_TASK: '完成客服任务',
    CONFIRM_MIXED_PARCEL: '确认混装包裹',
    PLATFORM_DEADLINE_CHANGED: '平台时效变更',
    PLATFORM_MANUAL_REQUIRED: '需人工处理',
    RECORD_OFFLINE_RESULT: '记录线下结果',
    RECORD_RETURN: '记录退回',
    REJECT_AFTER_SIGNED: '签收后拒绝',
  },
};

/** The Chinese label of a code in a group, or the code itself when the group has none. */
export function zhOf(group, code) {
  const table = LABELS[group];
  return table && Object.hasOwn(table, code) ? table[code] : String(code);
}

/**
 * The one deadline badge of a case: overdue wins over at risk (a case past its due date is no longer merely at
 * risk), so a row never shows both. `null` when neither holds.
 */
export function deadlineFlag(overdue, atRisk) {
  if (overdue) return { zh: '已超时', en: 'Overdue', kind: 'bad' };
  if (atRisk) return { zh: '即将超时', en: 'At risk', kind: 'warn' };
  return null;
}
