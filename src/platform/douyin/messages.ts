// The message-tag table of douyin mode: what lanjie does with each pushed tag (message/*.go of the official SDK).

/** What a tag leads to. */
export type TagAction =
  /** 200: a case opens (the detail gives amount, reason, SKU orders, parcels, appliedAt). */
  | { kind: 'OPEN_CASE' }
  /** Read the detail again and record what it says (201 refund agreed by anyone, 202/203 return flow). */
  | { kind: 'OBSERVE' }
  | { kind: 'REFUNDED' }
  /** 207: the cause is read from the detail (buyer cancelled, refunded, rejected, other). */
  | { kind: 'CLOSED' }
  /** 204/205: the merchant's rejection closes the refund-only case. */
  | { kind: 'REJECTED' }
  | { kind: 'BUYER_MODIFIED' }
  /** 209: the platform's deadline (authoritative), and the detail read again (agree_refuse_sign shows with it). */
  | { kind: 'DEADLINE' }
  | { kind: 'ARBITRATION'; status: 'OPENED' | 'CLOSED' }
  /** 104: re-track the order's parcels now. */
  | { kind: 'RETRACK' }
  | { kind: 'IGNORE' };

/** Tag → action. Tags not listed are stored and ignored. */
export const TAG_ACTIONS: Readonly<Record<string, TagAction>> = {
  '104': { kind: 'RETRACK' },
  '200': { kind: 'OPEN_CASE' },
  '201': { kind: 'OBSERVE' },
  '202': { kind: 'OBSERVE' },
  '203': { kind: 'OBSERVE' },
  '204': { kind: 'REJECTED' },
  '205': { kind: 'REJECTED' },
  '206': { kind: 'REFUNDED' },
  '207': { kind: 'CLOSED' },
  '208': { kind: 'BUYER_MODIFIED' },
  '209': { kind: 'DEADLINE' },
  // 212 买家发起客服仲裁, 213 仲裁客服介入, 214 客服要求商家上传凭证, 215 买家取消仲裁, 216 客服仲裁结果,
  // 217 商家上传仲裁凭证, 218 协商期上传凭证 (212, 215, 216 read from the SDK; the others' order is ours).
  '212': { kind: 'ARBITRATION', status: 'OPENED' },
  '213': { kind: 'ARBITRATION', status: 'OPENED' },
  '214': { kind: 'ARBITRATION', status: 'OPENED' },
  '215': { kind: 'ARBITRATION', status: 'CLOSED' },
  '216': { kind: 'ARBITRATION', status: 'CLOSED' },
  '217': { kind: 'ARBITRATION', status: 'OPENED' },
  '218': { kind: 'ARBITRATION', status: 'OPENED' },
};

/** The reply the platform expects to a push it may stop retrying. */
export const PUSH_SUCCESS_REPLY = '{"code":0,"msg":"success"}';
