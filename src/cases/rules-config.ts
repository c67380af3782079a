// The case rules as versioned configuration: a zod schema, the defaults, and the parser every caller uses.
import { z } from 'zod';
import { CarrierIdSchema } from '../carrier/model.ts';

/** Merchant types (tenant configuration set by the support role, never sent by a merchant about itself). */
export const MerchantTypeSchema = z.enum(['DOMESTIC', 'HAINAN_DUTY_FREE', 'CROSS_BORDER']);
export type MerchantType = z.infer<typeof MerchantTypeSchema>;

/** The 13 carriers the seed lists (DESIGN §2.2), by registry id. */
export const SEED_CARRIER_IDS = [
  'zto',
  'yto',
  'yunda',
  'sto',
  'sf',
  'chinapost-express',
  'best',
  'jt',
  'ems',
  'fengwang',
  'deppon',
  'chinapost-domestic',
  'yto-freight',
] as const;

const Fen = z.number().int().nonnegative();
const Hours = z.number().nonnegative().finite();

/** Per-carrier estimates used by the interception-worth check, in fen. */
export const CarrierEstimateSchema = z.object({
  /** Estimated interception fee, fen. Replaced by a route's quoted cost when there is one. */
  interceptCostFen: Fen,
  /** Estimated freight of bringing the parcel back, fen. */
  returnFreightFen: Fen,
});
export type CarrierEstimate = z.infer<typeof CarrierEstimateSchema>;

/** Default per-carrier estimates (fen). Rough public list prices; tune per merchant contract. */
const DEFAULT_ESTIMATES: Record<string, CarrierEstimate> = Object.fromEntries(
  SEED_CARRIER_IDS.map((id) => [
    id,
    id === 'sf' ? { interceptCostFen: 500, returnFreightFen: 1200 } : { interceptCostFen: 300, returnFreightFen: 800 },
  ]),
);

/** The rules schema. Every field has a default, so `{}` parses to the default rules. */
export const RulesSchema = z.object({
  /** Version label stored in every verdict and timeline entry made under these rules. */
  version: z.string().min(1).default('2024-06-default-1'),
  /**
   * Merchant types eligible for automatic refund-after-rejection. Default [DOMESTIC, HAINAN_DUTY_FREE]:
   * our reading of "非跨境商家&海南免税商家". The other reading (Hainan excluded) is ['DOMESTIC'].
   */
  eligibleMerchantTypes: z.array(MerchantTypeSchema).default(['DOMESTIC', 'HAINAN_DUTY_FREE']),
  /** Refund amount limit in fen, exclusive: eligible only when amount < limit. Default 100000 (1000 yuan). */
  amountLimitFen: Fen.default(100000),
  /** Carrier ids eligible for refund-after-rejection. Default: the 13 of the seed. */
  eligibleCarrierIds: z.array(CarrierIdSchema).default([...SEED_CARRIER_IDS]),
  /** Category ids excluded from refund-after-rejection ("不支持类目"). Default none. */
  excludedCategories: z.array(z.string().min(1)).default([]),
  /** Per-carrier estimates of interception cost and return freight, fen. */
  carrierEstimates: z.record(z.string(), CarrierEstimateSchema).default(DEFAULT_ESTIMATES),
  /** Estimate for carriers missing from carrierEstimates, fen. */
  defaultEstimate: CarrierEstimateSchema.default({ interceptCostFen: 300, returnFreightFen: 1000 }),
  /** Interception is worth it when value − cost − return freight ≥ this, fen. Default 0. */
  interceptWorthThresholdFen: z.number().int().default(0),
  /** Refund-only deadline after application, hours. Default 48. */
  initialDeadlineHours: Hours.default(48),
  /** Deadline after refund-after-rejection is agreed, hours. Default 168 (7 days). */
  agreedDeadlineHours: Hours.default(168),
  /**
   * What the 7-day deadline counts from: 'AGREED_AT' (our reading of "变更为7天", default) or 'APPLIED_AT'.
   */
  agreedDeadlineFrom: z.enum(['AGREED_AT', 'APPLIED_AT']).default('AGREED_AT'),
  /** Deadline after interception succeeded, refusal succeeded or buyer signed, hours. Default 48. */
  shortenedDeadlineHours: Hours.default(48),
  /** A support task is opened this long before the deadline when there is no evidence to act on, hours. Default 6. */
  atRiskMarginHours: Hours.default(6),
  /** A refund is issued no later than deadline − this margin, even if the tracking re-check has not answered, hours. Default 2. */
  refundMarginHours: Hours.default(2),
  /** Return-overdue limit per carrier id, hours from the start of the latest return leg. */
  returnOverdueHours: z.record(z.string(), Hours).default({ sf: 120, ems: 168, 'chinapost-express': 168, 'chinapost-domestic': 168 }),
  /** Return-overdue limit for carriers missing from returnOverdueHours, hours. Default 168 (7 days). */
  defaultReturnOverdueHours: Hours.default(168),
  /**
   * Whether a logistics exception (lost, carrier exception, interception failed) keeps the experience-score
   * clock paused ("非物流异常场景"). Default true: our reading.
   */
  exceptionKeepsExperienceClockPaused: z.boolean().default(true),
  /** Reject refund-only automatically when the buyer signed after the agreement (seed 3.5). Default false: a support task instead. */
  autoRejectAfterSigned: z.boolean().default(false),
  /** Douyin mode: agree refund-after-rejection ourselves (operate type 203) when the platform has not. Default false. */
  douyinAgreeRefuseSignOurselves: z.boolean().default(false),
  /** Douyin mode: how long to leave the platform to agree before agreeing ourselves, hours. Default 0.5. */
  douyinSelfAgreeGraceHours: Hours.default(0.5),
  /** Hub that carries HUB-channel interceptions and receives their work orders. */
  hubId: z.string().min(1).default('kuaidi100'),
});

/** Validated rules (all defaults applied). */
export type Rules = z.output<typeof RulesSchema>;
/** Rules as a caller may write them (every field optional). */
export type RulesInput = z.input<typeof RulesSchema>;

/** Validates rules, filling defaults; throws a ZodError naming the field when invalid. */
export function parseRules(input: unknown): Rules {
  return RulesSchema.parse(input ?? {});
}

/** The default rules object. */
export const DEFAULT_RULES: Rules = Object.freeze(parseRules({})) as Rules;

/** Estimate for a carrier, from the rules. */
export function estimateFor(rules: Rules, carrierId: string): CarrierEstimate {
  return rules.carrierEstimates[carrierId] ?? rules.defaultEstimate;
}

/** Return-overdue limit for a carrier, hours. */
export function returnOverdueHoursFor(rules: Rules, carrierId: string): number {
  return rules.returnOverdueHours[carrierId] ?? rules.defaultReturnOverdueHours;
}
