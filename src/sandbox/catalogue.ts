// The sandbox fate catalogue (DESIGN §3): each scripted fate, how it is set up, and the outcome DESIGN §2 expects in each mode; the end-to-end test and docs/sandbox.md read this table.
import type { SandboxParcelFate } from './fates.ts';

/** The two modes of DESIGN §2.1. */
export type CatalogueMode = 'generic' | 'douyin';

/** Money calls by action: in generic mode read from the merchant simulator's ledger, in douyin mode from the platform's operate ledger (201 refund, 202 reject, 203 agree). */
export interface MoneyCalls {
  'agree-refuse-sign': 0 | 1;
  refund: 0 | 1;
  reject: 0 | 1;
}

/** One parcel of a fate's case: a fresh parcel with that fate in a carrier simulator (`POST /v1/sandbox/parcels`). */
export interface FateParcel {
  carrier: string;
  fate: SandboxParcelFate;
  /** Collected this many hours before the case opens. Default 10. */
  collectedHoursAgo?: number;
}

/** A case-level action at a time after the case opened. */
export interface FateStep {
  /** Hours after the case opened (the sandbox clock is advanced to exactly this instant first). */
  atHours: number;
  /**
   * `buyer-cancels`: generic `POST /v1/cases/:id/events {type: CLOSED, cause: BUYER_CANCELLED}`; douyin: the buyer
   * withdraws on the platform simulator (signed tag 207).
   * `platform-refunds`: generic `POST /v1/cases/:id/events {type: REFUNDED}` (the merchant's system reports it);
   * douyin: the platform refunds on its own (signed tags 201 and 206).
   */
  do: 'buyer-cancels' | 'platform-refunds';
}

/** How a fate is set up. */
export interface FateSetup {
  /** One shipment per parcel; in generic mode each parcel carries its own refunded SKU order (the amount split evenly). */
  parcels: FateParcel[];
  /** Faults injected into a carrier simulator before the first tick (`POST /v1/sandbox/faults`). */
  faults?: { carrier: string; type: 'http-error'; status: number; times: number }[];
  steps?: FateStep[];
}

/** An interception as the case shows it at the end. */
export interface ExpectedInterception {
  channel: 'CARRIER_API' | 'PLATFORM_SERVICE' | 'HUB' | 'OFFLINE';
  state: 'REQUESTED' | 'REJECTED' | 'ACCEPTED' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'RETURNING' | 'RETURNED';
  /** Requested this many hours after the case opened. */
  requestedAtHours?: number;
}

/** The outcome DESIGN §2 expects at the end of the run (`CATALOGUE_HORIZON_HOURS` after the case opened). */
export interface ExpectedOutcome {
  /** Final case status. */
  status: 'OPEN' | 'REFUSE_SIGN_AGREED' | 'REFUND_ISSUED' | 'REFUNDED' | 'REJECTED' | 'CLOSED';
  /** Interceptions in the order they were requested, with their final state and channel. */
  interceptions: ExpectedInterception[];
  /** Exactly these money calls were performed (each at most once). */
  money: MoneyCalls;
  /** Generic mode: webhook notices sent (by the idempotency key's action: `cancel-handover`, `timeout`). */
  notices?: string[];
  /** Complaints opened, by reason. */
  complaints: string[];
  /** Support tasks opened, by kind (a complaint handled as a support task is a task too), each kind once. */
  tasks: string[];
  /** Deadline reason codes that must appear in the deadline history. */
  deadline: string[];
  /** Reason codes that must appear in the timeline. */
  timeline?: string[];
  /** Why, from the rules (DESIGN §2 section and reason codes). */
  why: string;
}

/** One entry of the catalogue. */
export interface CatalogueEntry {
  id: string;
  /** The entry of DESIGN §3's list it realises. */
  design: string;
  description: string;
  setup: FateSetup;
  expected: Record<CatalogueMode, ExpectedOutcome>;
}

/** How long after the case opened the outcome is read: past the 7-day return-overdue limit. */
export const CATALOGUE_HORIZON_HOURS = 216;

const NO_MONEY: MoneyCalls = { 'agree-refuse-sign': 0, refund: 0, reject: 0 };
const REFUND: MoneyCalls = { 'agree-refuse-sign': 0, refund: 1, reject: 0 };
const AGREE: MoneyCalls = { 'agree-refuse-sign': 1, refund: 0, reject: 0 };
const AGREE_REFUND: MoneyCalls = { 'agree-refuse-sign': 1, refund: 1, reject: 0 };

/**
 * The catalogue. Times are hours after the case opened (t0); sandbox parcels are collected 10 h before t0 and move
 * on the world's plan (in transit from t0−6 h, delivered at t0+20 h); an accepted interception turns the parcel back
 * 2 h later and it is back 46 h after that. In generic mode lanjie agrees refund-after-rejection when it finds the
 * case ELIGIBLE; in douyin mode the platform simulator agrees on its own at its first round at least 5 s after the
 * application (t0+1 h), while every parcel is moving, and moves its deadline (tag 209).
 */
export const FATE_CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: 'intercept-succeeds',
    design: 'intercept succeeds',
    description: 'a moving parcel is intercepted at once, turns back 2 h later and comes back',
    setup: { parcels: [{ carrier: 'zto', fate: 'deliver' }] },
    expected: {
      generic: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'RETURNED', requestedAtHours: 0 }],
        money: AGREE_REFUND,
        notices: [],
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['REFUSE_SIGN_AGREED', 'INTERCEPT_ACCEPTED', 'INTERCEPT_SUCCEEDED', 'REFUND_ON_INTERCEPT_SUCCESS'],
        why: '§2.1 generic: lanjie agrees when ELIGIBLE and refunds by webhook; §2.5 success = first return scan after ACCEPTED; §2.6 REFUND_ON_INTERCEPT_SUCCESS once; §2.3 7D at agreement, 48H at success',
      },
      douyin: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'RETURNED', requestedAtHours: 0 }],
        money: REFUND,
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_PLATFORM_CHANGED', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['REFUSE_SIGN_AGREED_OBSERVED', 'INTERCEPT_SUCCEEDED', 'REFUND_ON_INTERCEPT_SUCCESS', 'PLATFORM_REFUND_OBSERVED'],
        why: '§2.1 douyin: the platform agrees (observed), lanjie refunds (operate 201) after a carrier-API interception succeeded; the platform deadline (209) is recorded beside the computed one',
      },
    },
  },
  {
    id: 'succeeds-then-delivered',
    design: 'succeeds then delivered anyway (breach)',
    description: 'the interception succeeds (return scan at t0+2 h) and the courier still delivers to the buyer at t0+8 h',
    setup: { parcels: [{ carrier: 'zto', fate: 'succeeds-then-delivered' }] },
    expected: {
      generic: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'SUCCEEDED' }],
        money: AGREE_REFUND,
        notices: [],
        complaints: ['INTERCEPT_BREACHED'],
        tasks: ['INTERCEPT_BREACHED'],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['INTERCEPT_SUCCEEDED', 'REFUND_ON_INTERCEPT_SUCCESS', 'INTERCEPT_BREACHED'],
        why: '§2.5 delivered to the buyer after SUCCEEDED = INTERCEPT_BREACHED; §2.6 a complaint with a compensation claim (support task: carrier-API channel); the refund went out at success',
      },
      douyin: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'SUCCEEDED' }],
        money: REFUND,
        complaints: ['INTERCEPT_BREACHED'],
        tasks: ['INTERCEPT_BREACHED'],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_PLATFORM_CHANGED', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['INTERCEPT_SUCCEEDED', 'INTERCEPT_BREACHED'],
        why: 'as generic; the refund is operate 201',
      },
    },
  },
  {
    id: 'accepted-then-delivered',
    design: 'succeeds then delivered anyway (the world fate: accepted, never turns back)',
    description: 'the carrier accepts the interception but the parcel never turns back and is delivered at t0+20 h',
    setup: { parcels: [{ carrier: 'zto', fate: 'intercept-then-delivered' }] },
    expected: {
      generic: {
        status: 'REFUSE_SIGN_AGREED',
        interceptions: [{ channel: 'CARRIER_API', state: 'FAILED' }],
        money: AGREE,
        notices: ['timeout'],
        complaints: [],
        tasks: ['REJECT_AFTER_SIGNED', 'DEADLINE_AT_RISK'],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['INTERCEPT_ACCEPTED', 'INTERCEPT_FAILED', 'PLATFORM_TIMEOUT'],
        why: '§2.5 ACCEPTED is not success and breach needs SUCCEEDED: delivery after ACCEPTED fails the interception; §2.6 signed after agreement: REJECT_AFTER_SIGNED task (auto-reject off); §2.3 48H from delivery (t0+68 h), at-risk task at due − 6 h, PLATFORM_TIMEOUT notice at due',
      },
      douyin: {
        status: 'REFUSE_SIGN_AGREED',
        interceptions: [{ channel: 'CARRIER_API', state: 'FAILED' }],
        money: NO_MONEY,
        complaints: [],
        tasks: ['REJECT_AFTER_SIGNED', 'DEADLINE_AT_RISK'],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_PLATFORM_CHANGED', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['INTERCEPT_FAILED', 'PLATFORM_TIMEOUT'],
        why: 'as generic; at the timeout lanjie observes the platform (no money call)',
      },
    },
  },
  {
    id: 'delivered-before-intercept',
    design: 'delivered before the intercept',
    description: 'the parcel was delivered 20 h before the buyer applied',
    setup: { parcels: [{ carrier: 'zto', fate: 'delivered' }] },
    expected: {
      generic: {
        status: 'OPEN',
        interceptions: [],
        money: NO_MONEY,
        notices: ['timeout'],
        complaints: [],
        tasks: ['DELIVERED_BEFORE_INTERCEPT', 'DEADLINE_AT_RISK'],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_48H'],
        timeline: ['LOGISTICS_DELIVERED', 'DELIVERED_BEFORE_INTERCEPT', 'PLATFORM_TIMEOUT'],
        why: '§2.2 LOGISTICS_DELIVERED: not eligible, no agreement, no interception of a delivered parcel; §2.3 buyer signed: due = min(due, signed + 48 h) = t0+28 h; delivered before any interception: DELIVERED_BEFORE_INTERCEPT task (reject refund-only and advise return-and-refund; auto-reject off); at-risk task, then timeout notice',
      },
      douyin: {
        status: 'OPEN',
        interceptions: [],
        money: NO_MONEY,
        complaints: [],
        tasks: ['DELIVERED_BEFORE_INTERCEPT', 'DEADLINE_AT_RISK'],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_PLATFORM_CHANGED', 'DEADLINE_48H'],
        timeline: ['PLATFORM_TIMEOUT'],
        why: 'as generic (DELIVERED_BEFORE_INTERCEPT task); the platform does not agree (the parcel is not moving)',
      },
    },
  },
  {
    id: 'at-pickup-point',
    design: 'waiting at a pickup point',
    description: 'the parcel waits at a pickup point (station or locker) when the buyer applies; picked up 24 h later unless intercepted',
    setup: { parcels: [{ carrier: 'zto', fate: 'at-pickup-point' }] },
    expected: {
      generic: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'RETURNED' }],
        money: REFUND,
        notices: [],
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_KEPT_LT48H'],
        timeline: ['LOGISTICS_AT_PICKUP_POINT', 'INTERCEPT_REQUESTED', 'INTERCEPT_SUCCEEDED', 'REFUND_ON_INTERCEPT_SUCCESS'],
        why: '§2.2 LOGISTICS_AT_PICKUP_POINT: not moving normally, so not eligible and no agreement; §2.5 still short of the buyer (a pickup point is not a signature): intercepted at once, turns back 2 h later; §2.6 REFUND_ON_INTERCEPT_SUCCESS once; §2.3 success leaves less than 48 h of the initial deadline, which is kept (DEADLINE_KEPT_LT48H)',
      },
      douyin: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'RETURNED' }],
        money: REFUND,
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_KEPT_LT48H', 'DEADLINE_PLATFORM_CHANGED'],
        timeline: ['INTERCEPT_REQUESTED', 'INTERCEPT_SUCCEEDED', 'REFUND_ON_INTERCEPT_SUCCESS'],
        why: 'as generic: the platform does not agree (not moving), lanjie intercepts and refunds (operate 201) after success',
      },
    },
  },
  {
    id: 'in-exception',
    design: 'a parcel in exception',
    description: 'the parcel is stuck in an exception (问题件) when the buyer applies',
    setup: { parcels: [{ carrier: 'zto', fate: 'exception' }] },
    expected: {
      generic: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'RETURNED' }],
        money: REFUND,
        notices: [],
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_KEPT_LT48H'],
        timeline: ['LOGISTICS_EXCEPTION', 'INTERCEPT_REQUESTED', 'INTERCEPT_SUCCEEDED', 'REFUND_ON_INTERCEPT_SUCCESS'],
        why: '§2.2 LOGISTICS_EXCEPTION: not eligible, no agreement; §2.5 undelivered, so intercepted at once (the carrier turns it back); §2.6 REFUND_ON_INTERCEPT_SUCCESS once; §2.3 success leaves less than 48 h of the initial deadline, which is kept (DEADLINE_KEPT_LT48H)',
      },
      douyin: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'RETURNED' }],
        money: REFUND,
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_KEPT_LT48H', 'DEADLINE_PLATFORM_CHANGED'],
        timeline: ['INTERCEPT_REQUESTED', 'INTERCEPT_SUCCEEDED', 'REFUND_ON_INTERCEPT_SUCCESS'],
        why: 'as generic: the platform does not agree (in exception), lanjie intercepts and refunds (operate 201) after success',
      },
    },
  },
  {
    id: 'not-collected',
    design: 'not yet collected',
    description: 'the carrier never collects the parcel',
    setup: { parcels: [{ carrier: 'zto', fate: 'not-collected' }] },
    expected: {
      generic: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'REJECTED' }],
        money: REFUND,
        notices: ['cancel-handover'],
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL'],
        timeline: ['NOT_COLLECTED_CANCEL_HANDOVER', 'REFUND_NOT_COLLECTED'],
        why: '§2.5 not yet collected: nothing can be intercepted (the carrier, asked once the number shows no route, refuses it as not collected: ZTO E23119); the merchant is asked to cancel the handover (webhook) and the refund is agreed',
      },
      douyin: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'REJECTED' }],
        money: REFUND,
        complaints: [],
        tasks: ['NOT_COLLECTED_CANCEL_HANDOVER'],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_PLATFORM_CHANGED'],
        timeline: ['NOT_COLLECTED_CANCEL_HANDOVER', 'REFUND_NOT_COLLECTED'],
        why: '§2.5 as generic, the request to cancel the handover is a support task; the refund is operate 201',
      },
    },
  },
  {
    id: 'buyer-refuses',
    design: 'buyer refuses',
    description: 'the buyer refused the parcel at the door an hour before applying; it turns back at t0+1 h',
    // Yunda reports a refusal as its own event (REJECTION); ZTO as a 问题件 whose text says 拒收.
    setup: { parcels: [{ carrier: 'yunda', fate: 'buyer-refuses', collectedHoursAgo: 32 }] },
    expected: {
      generic: {
        status: 'REFUNDED',
        interceptions: [],
        money: REFUND,
        notices: [],
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_48H'],
        timeline: ['LOGISTICS_RETURNING', 'REFUND_ON_REJECTION_RETURN_SCAN'],
        why: '§2.2 LOGISTICS_RETURNING: not eligible, no agreement; nothing to intercept; §2.6 refused and a return scan seen: REFUND_ON_REJECTION_RETURN_SCAN; §2.3 rejection succeeded: 48H',
      },
      douyin: {
        status: 'REFUNDED',
        interceptions: [],
        money: REFUND,
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_PLATFORM_CHANGED', 'DEADLINE_48H'],
        timeline: ['REFUND_ON_REJECTION_RETURN_SCAN'],
        why: '§2.1 after the buyer refused lanjie agrees the refund (operate 201)',
      },
    },
  },
  {
    id: 'return-new-number',
    design: 'return gets a new waybill number',
    // SF is the one simulator and plugin that carry a new number (opCode 648, read from the route remark).
    description: 'the interception succeeds and the return travels under a new SF number (opCode 648)',
    setup: { parcels: [{ carrier: 'sf', fate: 'return-new-number' }] },
    expected: {
      generic: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'RETURNED' }],
        money: AGREE_REFUND,
        notices: [],
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['RETURN_NEW_LEG', 'REFUND_ON_INTERCEPT_SUCCESS'],
        why: '§2.5 a new leg starts at the new number and is followed until the return arrives (no RETURN_OVERDUE)',
      },
      douyin: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'RETURNED' }],
        money: REFUND,
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_PLATFORM_CHANGED', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['RETURN_NEW_LEG', 'REFUND_ON_INTERCEPT_SUCCESS'],
        why: 'as generic; the refund is operate 201',
      },
    },
  },
  {
    id: 'return-lost',
    design: 'return lost',
    description: 'the interception succeeds, the return starts at t0+2 h and is never seen again',
    setup: { parcels: [{ carrier: 'zto', fate: 'return-lost' }] },
    expected: {
      generic: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'SUCCEEDED' }],
        money: AGREE_REFUND,
        notices: [],
        complaints: ['RETURN_OVERDUE'],
        tasks: ['RETURN_OVERDUE'],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['REFUND_ON_INTERCEPT_SUCCESS', 'RETURN_OVERDUE'],
        why: '§2.6 goods not returned: RETURN_OVERDUE 168 h (ZTO default) after the return leg started, a complaint as a support task; the refund went out at success',
      },
      douyin: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'SUCCEEDED' }],
        money: REFUND,
        complaints: ['RETURN_OVERDUE'],
        tasks: ['RETURN_OVERDUE'],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_PLATFORM_CHANGED', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['RETURN_OVERDUE'],
        why: 'as generic',
      },
    },
  },
  {
    id: 'carrier-rejects',
    design: 'carrier rejects',
    description: 'the carrier refuses the interception by rule; the parcel is delivered at t0+20 h',
    setup: { parcels: [{ carrier: 'zto', fate: 'carrier-rejects' }] },
    expected: {
      generic: {
        status: 'REFUSE_SIGN_AGREED',
        interceptions: [{ channel: 'CARRIER_API', state: 'REJECTED' }],
        money: AGREE,
        notices: ['timeout'],
        complaints: [],
        tasks: ['REJECT_AFTER_SIGNED', 'DEADLINE_AT_RISK'],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['INTERCEPT_REFUSED', 'PLATFORM_TIMEOUT'],
        why: '§2.5 refused: no refund; §2.6 signed after the agreement: REJECT_AFTER_SIGNED task; §2.3 48H from delivery, at-risk task, timeout notice',
      },
      douyin: {
        status: 'REFUSE_SIGN_AGREED',
        interceptions: [{ channel: 'CARRIER_API', state: 'REJECTED' }],
        money: NO_MONEY,
        complaints: [],
        tasks: ['REJECT_AFTER_SIGNED', 'DEADLINE_AT_RISK'],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_PLATFORM_CHANGED', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['INTERCEPT_REFUSED', 'PLATFORM_TIMEOUT'],
        why: 'as generic; at the timeout lanjie observes the platform',
      },
    },
  },
  {
    id: 'carrier-down',
    design: 'carrier down',
    description:
      'the carrier answers HTTP 503 to its next 6 requests (the first tracking call fails after all its retries); it answers again from the next poll',
    setup: { parcels: [{ carrier: 'yto', fate: 'deliver' }], faults: [{ carrier: 'yto', type: 'http-error', status: 503, times: 6 }] },
    expected: {
      generic: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'RETURNED', requestedAtHours: 1 }],
        money: AGREE_REFUND,
        notices: [],
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['INTERCEPT_SUCCEEDED', 'REFUND_ON_INTERCEPT_SUCCESS'],
        why: 'nothing is decided on missing data (logistics unknown while down: no agreement, no interception); transient errors are retried and the flow completes at the next poll, money once',
      },
      douyin: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'RETURNED', requestedAtHours: 1 }],
        money: REFUND,
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_PLATFORM_CHANGED', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['INTERCEPT_SUCCEEDED', 'REFUND_ON_INTERCEPT_SUCCESS'],
        why: 'as generic; the refund is operate 201',
      },
    },
  },
  {
    id: 'buyer-cancels',
    design: 'buyer cancels mid-interception',
    description: 'the interception is accepted at t0; the buyer withdraws the after-sale at t0+1 h, before the parcel turns back',
    setup: { parcels: [{ carrier: 'zto', fate: 'deliver' }], steps: [{ atHours: 1, do: 'buyer-cancels' }] },
    expected: {
      generic: {
        status: 'CLOSED',
        interceptions: [{ channel: 'CARRIER_API', state: 'CANCELLED' }],
        money: AGREE,
        notices: [],
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_7D'],
        timeline: ['BUYER_CANCELLED', 'INTERCEPT_CANCEL_ON_BUYER_CANCEL', 'INTERCEPT_CANCELLED'],
        why: '§2.5 a buyer who cancels mid-interception: cancel the interception where the carrier allows it (ZTO does); no refund, no complaint',
      },
      douyin: {
        status: 'CLOSED',
        interceptions: [{ channel: 'CARRIER_API', state: 'CANCELLED' }],
        money: NO_MONEY,
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_PLATFORM_CHANGED', 'DEADLINE_7D'],
        timeline: ['BUYER_CANCELLED', 'INTERCEPT_CANCEL_ON_BUYER_CANCEL', 'INTERCEPT_CANCELLED'],
        why: 'as generic; the close (tag 207) is read as BUYER_CANCELLED from the detail',
      },
    },
  },
  {
    id: 'platform-refunded',
    design: 'platform already refunded',
    description: 'the interception is accepted at t0; the refund is made elsewhere at t0+1 h, before lanjie would refund',
    setup: { parcels: [{ carrier: 'zto', fate: 'deliver' }], steps: [{ atHours: 1, do: 'platform-refunds' }] },
    expected: {
      generic: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'RETURNED' }],
        money: AGREE,
        notices: [],
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['PLATFORM_REFUND_OBSERVED', 'INTERCEPT_SUCCEEDED'],
        why: '§2.6/§2.7 an observed refund is final: lanjie never sends one; the interception still brings the goods back',
      },
      douyin: {
        status: 'REFUNDED',
        interceptions: [{ channel: 'CARRIER_API', state: 'RETURNED' }],
        money: NO_MONEY,
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_PLATFORM_CHANGED', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['PLATFORM_REFUND_OBSERVED', 'INTERCEPT_SUCCEEDED'],
        why: '§2.6 tag 206: PLATFORM_REFUND_OBSERVED, never call refund',
      },
    },
  },
  {
    id: 'several-parcels',
    design: 'several parcels',
    description: 'two ZTO parcels in one case, each intercepted; one refund once both are stopped',
    setup: {
      parcels: [
        { carrier: 'zto', fate: 'deliver' },
        { carrier: 'zto', fate: 'deliver' },
      ],
    },
    expected: {
      generic: {
        status: 'REFUNDED',
        interceptions: [
          { channel: 'CARRIER_API', state: 'RETURNED' },
          { channel: 'CARRIER_API', state: 'RETURNED' },
        ],
        money: AGREE_REFUND,
        notices: [],
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['REFUND_ON_INTERCEPT_SUCCESS'],
        why: '§2.5 one interception per parcel; the refund follows when every parcel carrying refunded goods is stopped, once',
      },
      douyin: {
        status: 'REFUNDED',
        interceptions: [
          { channel: 'CARRIER_API', state: 'RETURNED' },
          { channel: 'CARRIER_API', state: 'RETURNED' },
        ],
        money: REFUND,
        complaints: [],
        tasks: [],
        deadline: ['DEADLINE_48H_INITIAL', 'DEADLINE_PLATFORM_CHANGED', 'DEADLINE_7D', 'DEADLINE_48H'],
        timeline: ['REFUND_ON_INTERCEPT_SUCCESS'],
        why: 'as generic (the detail does not say which parcel carries which SKU order: each carries all, so the refund waits for both)',
      },
    },
  },
];
