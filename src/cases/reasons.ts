// Reason codes of the case rules (DESIGN §2), each with a readable Chinese and English message.

/** Every reason code the decision core can give, with its messages. One table, used by docs and the console. */
export const REASONS = {
  // §2.2 eligibility
  MERCHANT_TYPE_NOT_ELIGIBLE: { zh: '商家类型不支持拒签后退款', en: 'Merchant type is not eligible for refund-after-rejection' },
  AMOUNT_LIMIT: { zh: '退款金额超限(需低于1000元)', en: 'Refund amount is not below the limit (1000 yuan)' },
  REASON_NOT_RECEIVED: { zh: '买家申请原因不是"未收到货"', en: 'The buyer\'s reason is not "not received" (未收到货)' },
  LOGISTICS_UNKNOWN: { zh: '物流状态未知', en: 'Logistics state not known yet' },
  LOGISTICS_NOT_COLLECTED: { zh: '快递尚未揽收', en: 'The parcel has not been collected' },
  LOGISTICS_DELIVERED: { zh: '快递已签收', en: 'The parcel was delivered' },
  LOGISTICS_AT_PICKUP_POINT: { zh: '快递已到驿站或快递柜', en: 'The parcel is at a pickup point or locker' },
  LOGISTICS_EXCEPTION: { zh: '物流异常', en: 'Logistics exception' },
  LOGISTICS_RETURNING: { zh: '快递已在退回中', en: 'The parcel is already on its way back' },
  CARRIER_NOT_ELIGIBLE: { zh: '快递公司不支持', en: 'Carrier is not supported' },
  CATEGORY_NOT_ELIGIBLE: { zh: '类目不支持', en: 'Category is not supported' },
  PLATFORM_DECLINED: { zh: '平台未同意拒签后退款', en: 'The platform declined refund-after-rejection' },
  // agreement
  REFUSE_SIGN_AGREED: { zh: '同意拒签后退款(lanjie 判定)', en: 'Refund-after-rejection agreed (decided by lanjie)' },
  REFUSE_SIGN_AGREED_OBSERVED: { zh: '平台已同意拒签后退款', en: 'The platform agreed refund-after-rejection' },
  REFUSE_SIGN_SELF_AGREE: { zh: '商家自行同意拒签后退款(操作类型203)', en: 'Agreeing refund-after-rejection ourselves (operate type 203)' },
  // §2.3 deadlines
  DEADLINE_48H_INITIAL: { zh: '仅退款申请:处理时效48小时', en: 'Refund-only applied: 48 h to handle' },
  DEADLINE_7D: { zh: '同意拒签后退款:处理时效变更为7天', en: 'Refund-after-rejection agreed: deadline becomes 7 days' },
  DEADLINE_48H: { zh: '拦截成功/拒签成功/用户签收:处理时效变更为48小时', en: 'Intercepted, refused or signed: deadline becomes 48 h' },
  DEADLINE_KEPT_LT48H: { zh: '剩余不足48小时,时效不再变更', en: 'Less than 48 h left: deadline kept' },
  DEADLINE_PLATFORM_CHANGED: { zh: '平台变更处理时效', en: 'The platform changed the deadline' },
  DEADLINE_AT_RISK: { zh: '即将超时且无可执行依据', en: 'Deadline at risk with no evidence to act on' },
  PLATFORM_TIMEOUT: { zh: '已超时,观察平台处理结果', en: 'Deadline passed; observing the platform' },
  // §2.4 experience-score clock
  EXPERIENCE_CLOCK_PAUSED: { zh: '体验分仅退款时长暂停计时', en: 'Experience-score clock paused' },
  EXPERIENCE_CLOCK_RESUMED: { zh: '体验分仅退款时长继续计时', en: 'Experience-score clock resumed' },
  EXPERIENCE_CLOCK_KEPT_PAUSED: { zh: '物流异常场景,体验分时长保持暂停', en: 'Logistics exception: experience-score clock stays paused' },
  EXPERIENCE_CLOCK_STOPPED: { zh: '体验分仅退款时长停止计时', en: 'Experience-score clock stopped' },
  // §2.5 interception
  INTERCEPT_REQUESTED: { zh: '已发起拦截', en: 'Interception requested' },
  INTERCEPT_NOT_WORTH: {
    zh: '拦截不划算(货值减拦截费和退回运费低于阈值)',
    en: 'Interception not worth it (value minus cost and return freight below threshold)',
  },
  INTERCEPT_KIND_NOT_ALLOWED: { zh: '退款售后只允许退回类拦截', en: 'Only return interceptions are allowed on a refund case' },
  INTERCEPT_IN_FLIGHT: { zh: '该运单已有进行中的拦截', en: 'An interception is already in flight for this waybill' },
  INTERCEPT_ALREADY_SUCCEEDED: { zh: '该运单已拦截成功', en: 'This waybill was already intercepted' },
  INTERCEPT_NOT_POSSIBLE: { zh: '包裹当前状态无法拦截', en: 'The parcel cannot be intercepted in its current state' },
  INTERCEPT_NEEDS_CONFIRMATION: {
    zh: '包裹含未退款商品,需客服确认后拦截',
    en: 'Parcel also carries goods not refunded: support must confirm first',
  },
  MIXED_PARCEL_CONFIRMED: { zh: '客服已确认拦截含其他商品的包裹', en: 'Support confirmed intercepting a parcel with other goods' },
  INTERCEPT_ACCEPTED: { zh: '快递已受理拦截(非成功)', en: 'Interception accepted (not yet success)' },
  INTERCEPT_REFUSED: { zh: '拦截被拒绝', en: 'Interception refused' },
  INTERCEPT_SUCCEEDED: { zh: '拦截成功', en: 'Interception succeeded' },
  INTERCEPT_FAILED: { zh: '拦截失败', en: 'Interception failed' },
  INTERCEPT_CANCELLED: { zh: '拦截已取消', en: 'Interception cancelled' },
  INTERCEPT_CANCEL_ON_BUYER_CANCEL: { zh: '买家撤销售后,取消拦截', en: 'Buyer cancelled the after-sale: cancel the interception' },
  INTERCEPT_BREACHED: { zh: '拦截成功后仍派送给买家', en: 'Delivered to the buyer after the interception succeeded' },
  RETURN_NEW_LEG: { zh: '退回使用新单号', en: 'Return continues under a new waybill number' },
  NOT_COLLECTED_CANCEL_HANDOVER: { zh: '未揽收:请商家取消交寄', en: 'Not collected: merchant must cancel the handover' },
  // §2.6 refunds, rejections, complaints
  REFUND_ON_INTERCEPT_SUCCESS: { zh: '拦截成功,同意退款', en: 'Interception succeeded: refund' },
  REFUND_ON_REJECTION_RETURN_SCAN: { zh: '用户拒签且已有退回扫描,同意退款', en: 'Buyer refused and a return scan was seen: refund' },
  REFUND_TRUSTED_BUYER: { zh: '优质买家:拒签后即退款', en: 'Trusted buyer: refunded on the refusal itself' },
  REFUND_NOT_COLLECTED: { zh: '未揽收,同意退款', en: 'Never collected: refund' },
  REFUND_ON_RETURN_RECEIVED: { zh: '商家已收到退回,同意退款', en: 'Return received by the merchant: refund' },
  REFUND_RECHECK_TRACKING: { zh: '退款前重新查询物流', en: 'Re-checking tracking before refunding' },
  REFUND_HELD: { zh: '退款条件不再满足,暂缓退款', en: 'Refund held: the evidence no longer holds' },
  REFUND_WAITING_OTHER_PARCELS: { zh: '仍有包裹未拦截或未退回', en: 'Waiting for other parcels to be stopped or back' },
  REFUND_LEFT_TO_PLATFORM: { zh: '平台快递拦截服务:由平台退款', en: 'Platform intercept service: the platform refunds' },
  PLATFORM_REFUND_OBSERVED: { zh: '平台已退款', en: 'The platform refunded' },
  DELIVERED_BEFORE_INTERCEPT: {
    zh: '拦截前已签收,不再拦截;可拒绝仅退款并建议退货退款',
    en: 'Delivered before any interception: no interception; refund-only may be rejected with return-and-refund advised',
  },
  REJECT_AFTER_SIGNED: { zh: '用户已签收,可拒绝仅退款并建议退货退款', en: 'Buyer signed: reject refund-only and advise return-and-refund' },
  REJECT_NOT_ALLOWED: {
    zh: '未签收(到站/入柜不算签收),不可拒绝',
    en: 'Not signed (arrival at station or locker is not a signature): cannot reject',
  },
  RETURN_OVERDUE: { zh: '退回超时未签收', en: 'Return overdue' },
  RETURN_SIGNED_BY_OTHER: { zh: '退回件被他人签收', en: 'Return signed by someone else' },
  RETURN_RECEIVED: { zh: '商家已签收退回件', en: 'Merchant received the return' },
  SHIPMENT_ADDED: { zh: '新增包裹', en: 'A parcel was added to the case' },
  COMPLAINT_ALREADY_OPEN: { zh: '该包裹已有进行中的投诉', en: 'A complaint is already open for this parcel' },
  COMPLAINT_UPDATED: { zh: '投诉状态更新', en: 'Complaint updated' },
  // case lifecycle and bookkeeping
  CASE_OPENED: { zh: '售后单已建立', en: 'Case opened' },
  CASE_CLOSED: { zh: '售后单已关闭', en: 'Case closed' },
  BUYER_CANCELLED: { zh: '买家撤销售后', en: 'Buyer cancelled the after-sale' },
  BUYER_MODIFIED: { zh: '买家修改售后', en: 'Buyer modified the after-sale' },
  ARBITRATION_OBSERVED: { zh: '平台仲裁', en: 'Platform arbitration' },
  CARRIER_CREDENTIALS_REJECTED: {
    zh: '快递公司拒绝了商家的接口凭证:请更新商家账号',
    en: "The carrier rejected the merchant's credentials: update the merchant's account",
  },
  PLATFORM_MANUAL_REQUIRED: {
    zh: '平台暂不支持通过OPEN处理,请在店铺后台人工处理',
    en: 'The platform does not take this through its API: do it in the shop back end',
  },
  SUPPORT_TASK_COMPLETED: { zh: '客服任务已完成', en: 'Support task completed' },
  SUPPORT_TASK_CLOSED_CAUSE_GONE: { zh: '客服任务已自动关闭:原因已消除', en: 'Support task closed by lanjie: its cause is gone' },
  TRACKING_UPDATED: { zh: '物流轨迹更新', en: 'Tracking updated' },
  EVENT_IGNORED: { zh: '事件不适用于本售后单', en: 'Event does not apply to this case' },
} as const satisfies Record<string, { zh: string; en: string }>;

/** A reason code (the keys of {@link REASONS}). */
export type ReasonCode = keyof typeof REASONS;

/** All reason codes, in table order. */
export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];

/** One reason given by a decision: the code, the thing it is about, and free detail (raw platform reason, numbers). */
export interface Reason {
  code: ReasonCode;
  /** What the reason is about: a shipment id, interception id, waybill number. */
  target?: string;
  /** Extra human-readable detail, e.g. "value 5000 − cost 300 − freight 1200 < 0". */
  detail?: string;
}

/** Readable message for a code in Chinese or English. */
export function reasonMessage(code: ReasonCode, lang: 'zh' | 'en' = 'en'): string {
  return REASONS[code][lang];
}
