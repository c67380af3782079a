// What the sandbox routes can do to a running sandbox: its clock, its simulators' worlds, its merchant system's ledger.
import type { PerformedCall } from '../../mocks/merchant/simulator.ts';
import type { ParcelFate } from '../../mocks/kit/world.ts';

/** A parcel to add to a simulator world. */
export interface AddParcelInput {
  carrier: string;
  fate: ParcelFate;
  waybill?: string;
  phoneLast4: string;
  collectedHoursAgo: number;
}

/** The sandbox as the API sees it. */
export interface SandboxControl {
  /** Moves the test clock forward by `ms`, ticking the coordinator until idle at each step (at most 1 h, and at each due timer). */
  advance(ms: number): Promise<{ now: string; steps: number; ticks: number }>;
  /** Adds a parcel; 400 (ApiError) for a carrier without a simulator. */
  addParcel(input: AddParcelInput): { carrier: string; waybillNo: string; fate: ParcelFate; phoneLast4: string; collectedAt: string };
  /** The merchant simulator's performed calls. */
  ledger(): PerformedCall[];
  info(): unknown;
}
