// The sandbox's scripted parcel fates and the magic waybill numbers that choose them.
import type { ParcelFate } from '../../mocks/kit/world.ts';

/** A parcel fate of the sandbox: a ParcelWorld fate, or the sandbox's breach script on top of `deliver`. */
export type SandboxParcelFate = ParcelFate | 'succeeds-then-delivered';

/** Every sandbox parcel fate, in magic-number order. */
export const SANDBOX_PARCEL_FATES = [
  'deliver',
  'intercept-then-delivered',
  'delivered',
  'not-collected',
  'buyer-refuses',
  'return-new-number',
  'return-lost',
  'carrier-rejects',
  'succeeds-then-delivered',
  'at-pickup-point',
  'exception',
] as const satisfies readonly SandboxParcelFate[];

/** One scripted fate of the sandbox catalogue. */
export interface SandboxFate {
  fate: SandboxParcelFate;
  /** The number passed to the carrier kit's `waybill(n)` to get this fate's magic waybill number. */
  n: number;
  /** The ParcelWorld fate the parcel is added with. */
  world: ParcelFate;
  /** Follows the sandbox breach script once intercepted (simulators.ts `installBreachScript`). */
  breach?: true;
  description: string;
}

/** The catalogue; magic numbers are `kit.waybill(n)` for each carrier. */
export const SANDBOX_FATES: readonly SandboxFate[] = [
  {
    fate: 'deliver',
    n: 101,
    world: 'deliver',
    description: 'moves normally; an interception before delivery succeeds and the parcel comes back',
  },
  {
    fate: 'intercept-then-delivered',
    n: 102,
    world: 'intercept-then-delivered',
    description: 'the interception is accepted but the parcel never turns back and is delivered (the interception fails)',
  },
  { fate: 'delivered', n: 103, world: 'delivered', description: 'already delivered before any interception' },
  { fate: 'not-collected', n: 104, world: 'not-collected', description: 'never collected by the carrier' },
  { fate: 'buyer-refuses', n: 105, world: 'buyer-refuses', description: 'the buyer refuses at the door; the parcel comes back' },
  {
    fate: 'return-new-number',
    n: 106,
    world: 'return-new-number',
    description: 'the interception succeeds and the return travels under a new number',
  },
  {
    fate: 'return-lost',
    n: 107,
    world: 'return-lost',
    description: 'the interception succeeds, the return starts and is never seen again',
  },
  { fate: 'carrier-rejects', n: 108, world: 'carrier-rejects', description: 'the carrier refuses every interception by rule' },
  {
    fate: 'succeeds-then-delivered',
    n: 109,
    world: 'deliver',
    breach: true,
    description:
      'the interception succeeds (a return scan 2 h after acceptance) and the parcel is delivered to the buyer anyway 8 h after acceptance (breach)',
  },
  {
    fate: 'at-pickup-point',
    n: 110,
    world: 'at-pickup-point',
    description:
      'waits at a pickup point (station or locker) from 2 h before the buyer applies; picked up by the buyer 24 h after, unless intercepted',
  },
  {
    fate: 'exception',
    n: 111,
    world: 'exception',
    description: 'stuck in an exception (问题件) from 4 h before the buyer applies; an interception turns it back',
  },
];

/** The catalogue entry of a parcel fate. */
export function sandboxFate(fate: SandboxParcelFate): SandboxFate {
  const found = SANDBOX_FATES.find((f) => f.fate === fate);
  if (!found) throw new RangeError(`unknown sandbox fate ${fate}`);
  return found;
}
