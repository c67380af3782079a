// Starts every carrier simulator on loopback with the sandbox's scripted parcels; the Douyin platform simulator sees every carrier's parcels.
import type { Clock } from '../clock/clock.ts';
import { simulatorKits } from '../../mocks/index.ts';
import { DouyinSimulator } from '../../mocks/douyin/simulator.ts';
import { serveSimulator, type SimulatorServer } from '../../mocks/kit/transport.ts';
import type { CarrierSimulator } from '../../mocks/kit/types.ts';
import {
  ParcelWorld,
  type ParcelWorldOptions,
  type WorldEvent,
  type WorldParcel,
  type WorldRefusal,
  type WorldInterception,
} from '../../mocks/kit/world.ts';
import { SANDBOX_FATES } from './fates.ts';

const HOUR = 3_600_000;

/** A running simulator with its magic parcels. */
export interface RunningSimulator {
  carrierId: string;
  simulator: CarrierSimulator;
  server: SimulatorServer;
  parcels: { waybillNo: string; fate: string }[];
}

/**
 * The Douyin platform's view of parcels: a Douyin after-sale may carry a parcel of any carrier, so the platform reads
 * (and its intercept service acts on) the world of the carrier simulator that holds the number, and its own world
 * (the Douyin kit's magic numbers) otherwise.
 */
export class PlatformWorld extends ParcelWorld {
  constructor(
    clock: Clock,
    private readonly carrierWorlds: () => readonly ParcelWorld[],
    options: ParcelWorldOptions = {},
  ) {
    super(clock, undefined, options);
  }

  private owner(waybillNo: string): ParcelWorld | undefined {
    return this.carrierWorlds().find((w) => w !== this && w.get(waybillNo) !== undefined);
  }

  override get(waybillNo: string): WorldParcel | undefined {
    return this.owner(waybillNo)?.get(waybillNo) ?? super.get(waybillNo);
  }

  override visible(waybillNo: string): WorldEvent[] {
    return this.owner(waybillNo)?.visible(waybillNo) ?? super.visible(waybillNo);
  }

  override latest(waybillNo: string): WorldEvent | undefined {
    const owner = this.owner(waybillNo);
    return owner ? owner.latest(waybillNo) : super.latest(waybillNo);
  }

  override intercept(
    waybillNo: string,
    kind: string,
    key: string,
    options: { sameKeyIsDuplicate?: boolean } = {},
  ): { ok: true; interception: WorldInterception; repeated: boolean } | { ok: false; refusal: WorldRefusal } {
    const owner = this.owner(waybillNo);
    return owner ? owner.intercept(waybillNo, kind, key, options) : super.intercept(waybillNo, kind, key, options);
  }

  override cancelIntercept(waybillNo: string, ref?: string): { ok: true } | { ok: false; refusal: WorldRefusal } {
    const owner = this.owner(waybillNo);
    return owner ? owner.cancelIntercept(waybillNo, ref) : super.cancelIntercept(waybillNo, ref);
  }
}

/**
 * The sandbox's breach script (DESIGN §3 "succeeds then delivered anyway"): once an interception of a registered
 * number is accepted, the parcel turns back 2 h later (the interception succeeds) and is still delivered to the buyer
 * 8 h after the acceptance. Installed on a world instance; the world's own fates are unchanged.
 */
export function installBreachScript(world: ParcelWorld, clock: Clock, breaches: ReadonlySet<string>): void {
  const intercept = world.intercept.bind(world);
  world.intercept = (waybillNo, kind, key, options) => {
    const answer = intercept(waybillNo, kind, key, options);
    const parcel = world.get(waybillNo);
    if (answer.ok && !answer.repeated && parcel && breaches.has(waybillNo)) {
      const now = clock.nowMs();
      parcel.events = [
        ...parcel.events.filter((e) => e.at <= now),
        { kind: 'RETURNING', at: now + 2 * HOUR, place: '杭州转运中心' },
        { kind: 'OUT_FOR_DELIVERY', at: now + 6 * HOUR, place: '杭州滨江营业点' },
        { kind: 'DELIVERED', at: now + 8 * HOUR, place: '杭州滨江营业点' },
      ];
    }
    return answer;
  };
}

/** The running simulators and the sandbox's parcel scripts. */
export interface SandboxSimulators {
  running: RunningSimulator[];
  /** The Douyin platform simulator (also in `running`). */
  douyin: DouyinSimulator;
  /** Numbers that follow the breach script once intercepted. */
  breaches: Set<string>;
}

/** Starts one simulator per kit, seeds the fate catalogue (collected 10 h before `clock` now). */
export async function startSandboxSimulators(clock: Clock): Promise<SandboxSimulators> {
  const running: RunningSimulator[] = [];
  const breaches = new Set<string>();
  const douyin = new DouyinSimulator({ clock, world: new PlatformWorld(clock, () => running.map((r) => r.simulator.world)) });
  for (const kit of Object.values(simulatorKits)) {
    const simulator = kit.carrierId === 'douyin' ? douyin : kit.create({ clock });
    // The platform's world delegates to the carriers' worlds, whose scripts already apply.
    if (simulator !== douyin) installBreachScript(simulator.world, clock, breaches);
    const parcels = SANDBOX_FATES.map(({ fate, n, world, breach }) => {
      const waybillNo = kit.waybill(n);
      simulator.world.add({ waybillNo, fate: world, phoneLast4: '1234', collectedAt: clock.nowMs() - 10 * HOUR });
      if (breach) breaches.add(waybillNo);
      return { waybillNo, fate };
    });
    const server = await serveSimulator(simulator);
    running.push({ carrierId: kit.carrierId, simulator, server, parcels });
  }
  return { running, douyin, breaches };
}
