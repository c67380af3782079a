// The buyer's refund reason: one table (code → zh, en, aliases people send) from which the API's zod schema, the OpenAPI enum and the docs table come.
import { z } from 'zod';

/** One buyer reason: readable labels and the words callers and platforms send for it (matched trimmed, latin case-insensitive). */
export interface BuyerReasonEntry {
  zh: string;
  en: string;
  /** Besides the code itself: Chinese phrases (Douyin's wording included) and latin spellings. */
  aliases: readonly string[];
}

/**
 * Every buyer reason lanjie accepts. Only `NOT_RECEIVED` (未收到货) qualifies for automatic refund-after-rejection
 * (DESIGN §2.2, rule `REASON_NOT_RECEIVED`); the others are recorded and make that rule fail.
 */
export const BUYER_REASONS = {
  NOT_RECEIVED: {
    zh: '未收到货',
    en: 'Not received',
    aliases: [
      '未收到货',
      '未收到',
      '没收到货',
      '没收到',
      '未收到商品',
      '没有收到货',
      '快递一直未送达',
      'not_received',
      'not received',
      'not-received',
    ],
  },
  NO_LONGER_WANTED: {
    zh: '不想要了',
    en: 'No longer wanted',
    aliases: ['不想要了', '不要了', '不想要', '七天无理由', 'no_longer_wanted', 'no longer wanted', 'changed_mind', 'changed mind'],
  },
  ORDERED_BY_MISTAKE: {
    zh: '拍错/多拍',
    en: 'Ordered by mistake or too many',
    aliases: ['拍错/多拍', '拍错', '多拍', '拍多了', '拍错了', 'ordered_by_mistake', 'wrong_order'],
  },
  QUALITY: {
    zh: '质量问题',
    en: 'Quality problem',
    aliases: ['质量问题', '质量不好', '商品质量问题', 'quality', 'quality_issue', 'quality problem'],
  },
  NOT_AS_DESCRIBED: {
    zh: '商品与描述不符',
    en: 'Not as described',
    aliases: ['商品与描述不符', '与描述不符', '描述不符', '与商品描述不符', 'not_as_described', 'not as described'],
  },
  DAMAGED: { zh: '商品破损', en: 'Damaged', aliases: ['商品破损', '破损', '包装破损', '商品损坏', 'damaged'] },
  MISSING_ITEMS: {
    zh: '少件/漏发',
    en: 'Items missing',
    aliases: ['少件/漏发', '少件', '漏发', '少发', '空包裹', 'missing_items', 'missing items'],
  },
  WRONG_ITEM: { zh: '发错货', en: 'Wrong item sent', aliases: ['发错货', '错发', '发错了', 'wrong_item', 'wrong item'] },
  LATE_SHIPMENT: {
    zh: '未按约定时间发货',
    en: 'Not shipped on time',
    aliases: ['未按约定时间发货', '发货慢', '未按时发货', '延迟发货', 'late_shipment', 'late shipment'],
  },
  WRONG_ADDRESS: {
    zh: '地址信息填写错误',
    en: 'Wrong address given',
    aliases: ['地址信息填写错误', '地址填错', '地址错误', '地址填写错误', 'wrong_address', 'wrong address'],
  },
  AGREED_WITH_MERCHANT: {
    zh: '协商一致退款',
    en: 'Refund agreed with the merchant',
    aliases: ['协商一致退款', '协商一致', '与商家协商一致', 'agreed_with_merchant', 'agreed'],
  },
  OTHER: { zh: '其他', en: 'Other', aliases: ['其他', '其它', '其他原因', 'other'] },
} as const satisfies Record<string, BuyerReasonEntry>;

/** A buyer reason code (the keys of {@link BUYER_REASONS}). */
export type BuyerReasonCode = keyof typeof BUYER_REASONS;

/** Every buyer reason code, in table order. */
export const BUYER_REASON_CODES = Object.keys(BUYER_REASONS) as [BuyerReasonCode, ...BuyerReasonCode[]];

/** The buyer reason that qualifies for automatic refund-after-rejection: 未收到货. */
export const QUALIFYING_BUYER_REASON: BuyerReasonCode = 'NOT_RECEIVED';

/** Trimmed, latin letters lower-cased, runs of blanks as one space: the form aliases are compared in. */
function fold(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

const BY_ALIAS: ReadonlyMap<string, BuyerReasonCode> = new Map(
  BUYER_REASON_CODES.flatMap((code) => [code, ...BUYER_REASONS[code].aliases].map((alias) => [fold(alias), code] as const)),
);

/** The code a reason text stands for (a code or an alias, trimmed, latin case-insensitive), or undefined. */
export function normaliseBuyerReason(text: string): BuyerReasonCode | undefined {
  return BY_ALIAS.get(fold(text));
}

/** The accepted values, for error messages: `NOT_RECEIVED (未收到货), ...`. */
export function acceptedBuyerReasons(): string {
  return BUYER_REASON_CODES.map((code) => `${code} (${BUYER_REASONS[code].zh})`).join(', ');
}

/** The enum's description in the OpenAPI document: each value with its labels and aliases. */
export function buyerReasonDescription(): string {
  const lines = BUYER_REASON_CODES.map((code) => {
    const r = BUYER_REASONS[code];
    return `- \`${code}\`: ${r.zh} / ${r.en}; also accepted: ${r.aliases.join(', ')}`;
  });
  return [
    "The buyer's refund reason. Send a code or one of its aliases (trimmed, latin letters case-insensitive); the case keeps the code,",
    'and the text as sent when it was an alias. Only `NOT_RECEIVED` (未收到货) qualifies for automatic refund-after-rejection.',
    ...lines,
  ].join('\n');
}

/** The docs table (Markdown) of the buyer reasons: code, zh, en, aliases. */
export function buyerReasonTable(): string {
  const rows = BUYER_REASON_CODES.map((code) => {
    const r = BUYER_REASONS[code];
    return `| \`${code}\` | ${r.zh} | ${r.en} | ${r.aliases.map((a) => `\`${a}\``).join(', ')} |`;
  });
  return ['| code | zh | en | also accepted |', '|---|---|---|---|', ...rows].join('\n');
}

/**
 * The buyer's reason at the API: a code or an alias, normalised, then checked by `z.enum` of the codes. An unknown
 * reason fails naming every accepted value. The OpenAPI document shows the enum with {@link buyerReasonDescription}.
 */
export const BuyerReasonSchema = z
  .preprocess(
    (value) => (typeof value === 'string' ? (normaliseBuyerReason(value) ?? value) : value),
    z.enum(BUYER_REASON_CODES, {
      error: (issue) =>
        `unknown buyer reason ${JSON.stringify(issue.input)}: accepted values are ${acceptedBuyerReasons()} (or an alias, see docs/api.md)`,
    }),
  )
  .meta({ description: buyerReasonDescription() });
