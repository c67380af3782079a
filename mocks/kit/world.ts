// A small parcel world shared by simulators: scripted parcel fates that unfold on the clock they are given.
import type { Clock } from '../../src/clock/clock.ts';

/** What happens in the world, in plain terms; each simulator renders these in its carrier's codes. */
export type WorldEventKind =
  | 'COLLECTED'
  | 'IN_TRANSIT'
  | 'ARRIVED'
  | 'OUT_FOR_DELIVERY'
  | 'AT_PICKUP_POINT'
  | 'DELIVERED'
  | 'BUYER_REFUSED'
  | 'RETURNING'
  | 'RETURNED'
  | 'EXCEPTION';

/** One event in a parcel's life. */
export interface WorldEvent {
  kind: WorldEventKind;
  /** Epoch ms. */
  at: number;
  place: string;
  /** On a RETURNING event of a return under a new number: that number. */
  newWaybillNo?: string;
}

/**
 * Scripted fates (DESIGN §3 sandbox):
 * - `deliver`: collected, moves, delivered (an interception before delivery succeeds);
 * - `intercept-then-delivered`: the interception is accepted but the parcel is delivered anyway;
 * - `not-collected`: never collected;
 * - `buyer-refuses`: the buyer refuses at the door and it comes back;
 * - `return-new-number`: an accepted interception returns under a new waybill number;
 * - `return-lost`: an accepted interception starts back and is never seen again;
 * - `carrier-rejects`: every interception is refused by rule;
 * - `delivered`: already delivered when first seen;
 * - `at-pickup-point`: in transit, then waiting at a pickup point (station or locker) from 8 h after collection, and
 *   picked up there by the buyer (DELIVERED) 26 h later unless intercepted first;
 * - `exception`: stuck in an exception (问题件) since 6 h after it was collected; nothing further happens unless
 *   it is intercepted, when it turns back like any other parcel.
 */
export type ParcelFate =
  | 'deliver'
  | 'intercept-then-delivered'
  | 'not-collected'
  | 'buyer-refuses'
  | 'return-new-number'
  | 'return-lost'
  | 'carrier-rejects'
  | 'delivered'
  | 'at-pickup-point'
  | 'exception';

/** Why the world refused an interception or a cancellation. */
export type WorldRefusal =
  | 'NOT_COLLECTED'
  | 'ALREADY_DELIVERED'
  | 'DUPLICATE'
  | 'NOT_ALLOWED'
  | 'UNKNOWN_WAYBILL'
  | 'NOT_CANCELLABLE'
  | 'ALREADY_RETURNING';

/** Interception as the carrier's own system holds it. */
export interface WorldInterception {
  ref: string;
  key: string;
  kind: string;
  requestedAt: number;
  state: 'ACCEPTED' | 'CANCELLED';
}

/** One parcel. */
export interface WorldParcel {
  waybillNo: string;
  phoneLast4: string;
  fate: ParcelFate;
  createdAt: number;
  /** Every event, including future ones (visible only once their time has come). */
  events: WorldEvent[];
  interception?: WorldInterception;
  /** Set on a return leg parcel: the number it continues. */
  continues?: string;
}

const DEFAULT_HOUR = 3_600_000;

/** Options when adding a parcel. */
export interface AddParcelOptions {
  waybillNo: string;
  fate?: ParcelFate;
  phoneLast4?: string;
  /** When it was collected (epoch ms); default: now. */
  collectedAt?: number;
}

/** Options of a world. */
export interface ParcelWorldOptions {
  /**
   * How long one scripted hour of the fates lasts on the world's clock, ms. Default 3 600 000 (real hours); the
   * simulators process runs fates faster (e.g. 1000: a parcel is delivered 30 s after collection) on the system clock.
   */
  hourMs?: number;
}

/** The parcel world of one carrier. */
export class ParcelWorld {
  private readonly parcels = new Map<string, WorldParcel>();
  private refCounter = 0;
  /** One scripted hour, ms (ParcelWorldOptions.hourMs). */
  readonly hourMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly newNumber: (old: string) => string = (old) => `${old}R`,
    options: ParcelWorldOptions = {},
  ) {
    this.hourMs = options.hourMs ?? DEFAULT_HOUR;
  }

  /** Adds a parcel with a scripted fate; returns it. Replaces an existing one with the same number. */
  add(options: AddParcelOptions): WorldParcel {
    const start = options.collectedAt ?? this.clock.nowMs();
    const fate = options.fate ?? 'deliver';
    const parcel: WorldParcel = {
      waybillNo: options.waybillNo,
      phoneLast4: options.phoneLast4 ?? '1234',
      fate,
      createdAt: start,
      events: [],
    };
    if (fate === 'delivered') {
      parcel.events = forwardPlan(start - 40 * this.hourMs, this.hourMs);
    } else if (fate !== 'not-collected') {
      parcel.events = forwardPlan(start, this.hourMs);
    }
    if (fate === 'at-pickup-point') {
      parcel.events = parcel.events.filter((e) => e.at <= start + 4 * this.hourMs);
      parcel.events.push({ kind: 'AT_PICKUP_POINT', at: start + 8 * this.hourMs, place: '杭州滨江菜鸟驿站' });
      parcel.events.push({ kind: 'DELIVERED', at: start + 34 * this.hourMs, place: '杭州滨江菜鸟驿站' });
    }
    if (fate === 'exception') {
      parcel.events = parcel.events.filter((e) => e.at <= start + 4 * this.hourMs);
      parcel.events.push({ kind: 'EXCEPTION', at: start + 6 * this.hourMs, place: '深圳转运中心' });
    }
    if (fate === 'buyer-refuses') {
      parcel.events = parcel.events.filter((e) => e.kind !== 'DELIVERED');
      parcel.events.push({ kind: 'BUYER_REFUSED', at: start + 31 * this.hourMs, place: '杭州滨江营业点' });
      parcel.events.push(...returnPlan(start + 33 * this.hourMs, this.hourMs));
    }
    this.parcels.set(parcel.waybillNo, parcel);
    return parcel;
  }

  get(waybillNo: string): WorldParcel | undefined {
    return this.parcels.get(waybillNo);
  }

  /** All parcels (for simulators that push). */
  all(): WorldParcel[] {
    return [...this.parcels.values()];
  }

  /** Events whose time has come, in time order. */
  visible(waybillNo: string): WorldEvent[] {
    const now = this.clock.nowMs();
    return (this.parcels.get(waybillNo)?.events ?? []).filter((e) => e.at <= now).sort((a, b) => a.at - b.at);
  }

  /** The latest visible event, if any. */
  latest(waybillNo: string): WorldEvent | undefined {
    const seen = this.visible(waybillNo);
    return seen[seen.length - 1];
  }

  /**
   * Registers an interception. `sameKeyIsDuplicate` false makes a repeat with the same key return
   * the first answer (carriers that deduplicate on a request id); true refuses it as a duplicate.
   */
  intercept(
    waybillNo: string,
    kind: string,
    key: string,
    options: { sameKeyIsDuplicate?: boolean } = {},
  ): { ok: true; interception: WorldInterception; repeated: boolean } | { ok: false; refusal: WorldRefusal } {
    const parcel = this.parcels.get(waybillNo);
    if (!parcel) return { ok: false, refusal: 'UNKNOWN_WAYBILL' };
    const now = this.clock.nowMs();
    if (parcel.interception?.state === 'ACCEPTED') {
      if (parcel.interception.key === key && !options.sameKeyIsDuplicate)
        return { ok: true, interception: parcel.interception, repeated: true };
      return { ok: false, refusal: 'DUPLICATE' };
    }
    const seen = this.visible(waybillNo);
    if (seen.length === 0) return { ok: false, refusal: 'NOT_COLLECTED' };
    if (seen.some((e) => e.kind === 'RETURNING' || e.kind === 'RETURNED' || e.kind === 'BUYER_REFUSED') || parcel.continues)
      return { ok: false, refusal: 'ALREADY_RETURNING' };
    if (seen.some((e) => e.kind === 'DELIVERED')) return { ok: false, refusal: 'ALREADY_DELIVERED' };
    if (parcel.fate === 'carrier-rejects') return { ok: false, refusal: 'NOT_ALLOWED' };
    const interception: WorldInterception = {
      ref: `INT${String(++this.refCounter).padStart(8, '0')}`,
      key,
      kind,
      requestedAt: now,
      state: 'ACCEPTED',
    };
    parcel.interception = interception;
    if (parcel.fate === 'intercept-then-delivered') return { ok: true, interception, repeated: false };
    parcel.events = parcel.events.filter((e) => e.at <= now);
    if (parcel.fate === 'return-new-number') {
      const newNo = this.newNumber(waybillNo);
      parcel.events.push({ kind: 'RETURNING', at: now + 2 * this.hourMs, place: '杭州转运中心', newWaybillNo: newNo });
      const leg: WorldParcel = {
        waybillNo: newNo,
        phoneLast4: parcel.phoneLast4,
        fate: 'deliver',
        createdAt: now + 2 * this.hourMs,
        events: returnPlan(now + 2 * this.hourMs, this.hourMs).slice(1),
        continues: waybillNo,
      };
      this.parcels.set(newNo, leg);
    } else if (parcel.fate === 'return-lost') {
      parcel.events.push({ kind: 'RETURNING', at: now + 2 * this.hourMs, place: '杭州转运中心' });
    } else {
      parcel.events.push(...returnPlan(now + 2 * this.hourMs, this.hourMs));
    }
    return { ok: true, interception, repeated: false };
  }

  /** Cancels an accepted interception while the parcel has not started back. */
  cancelIntercept(waybillNo: string, ref?: string): { ok: true } | { ok: false; refusal: WorldRefusal } {
    const parcel = this.parcels.get(waybillNo);
    if (!parcel) return { ok: false, refusal: 'UNKNOWN_WAYBILL' };
    const interception = parcel.interception;
    if (interception?.state !== 'ACCEPTED' || (ref !== undefined && ref !== interception.ref))
      return { ok: false, refusal: 'NOT_CANCELLABLE' };
    const latest = this.latest(waybillNo);
    if (latest && (latest.kind === 'RETURNING' || latest.kind === 'RETURNED' || latest.kind === 'DELIVERED'))
      return { ok: false, refusal: 'NOT_CANCELLABLE' };
    interception.state = 'CANCELLED';
    const now = this.clock.nowMs();
    const past = parcel.events.filter((e) => e.at <= now);
    const plan = forwardPlan(parcel.events[0]?.at ?? now, this.hourMs).filter((e) => e.at > now);
    parcel.events = [...past, ...plan];
    return { ok: true };
  }
}

function forwardPlan(start: number, hour: number): WorldEvent[] {
  return [
    { kind: 'COLLECTED', at: start, place: '深圳宝安营业点' },
    { kind: 'IN_TRANSIT', at: start + 4 * hour, place: '深圳转运中心' },
    { kind: 'ARRIVED', at: start + 20 * hour, place: '杭州转运中心' },
    { kind: 'OUT_FOR_DELIVERY', at: start + 28 * hour, place: '杭州滨江营业点' },
    { kind: 'DELIVERED', at: start + 30 * hour, place: '杭州滨江营业点' },
  ];
}

function returnPlan(start: number, hour: number): WorldEvent[] {
  return [
    { kind: 'RETURNING', at: start, place: '杭州转运中心' },
    { kind: 'IN_TRANSIT', at: start + 10 * hour, place: '深圳转运中心' },
    { kind: 'RETURNED', at: start + 46 * hour, place: '深圳宝安营业点' },
  ];
}
