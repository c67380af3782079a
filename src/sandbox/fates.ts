// The sandbox's scripted parcel fates and the magic waybill numbers that choose them.
import type { ParcelFate } from '../../mocks/kit/world.ts';

/** One scripted fate of the sandbox catalogue. */
export interface SandboxFate {
  fate: ParcelFate;
  /** The number passed to the carrier kit's `waybill(n)` to get this fate's magic waybill number. */
  n: number;
  description: string;
}

/** The catalogue; magic numbers are `kit.waybill(n)` for each carrier. */
export const SANDBOX_FATES: readonly SandboxFate[] = [
  { fate: 'deliver', n: 101, description: 'moves normally; an interception before delivery succeeds and the parcel comes back' },
  { fate: 'intercept-then-delivered', n: 102, description: 'the interception is accepted but the parcel is delivered anyway (breach)' },
  { fate: 'delivered', n: 103, description: 'already delivered before any interception' },
  { fate: 'not-collected', n: 104, description: 'never collected by the carrier' },
  { fate: 'buyer-refuses', n: 105, description: 'the buyer refuses at the door; the parcel comes back' },
  { fate: 'return-new-number', n: 106, description: 'the interception succeeds and the return travels under a new number' },
  { fate: 'return-lost', n: 107, description: 'the interception succeeds, the return starts and is never seen again' },
  { fate: 'carrier-rejects', n: 108, description: 'the carrier refuses every interception by rule' },
];
