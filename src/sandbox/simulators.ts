// Starts every carrier simulator on loopback with the sandbox's scripted parcels.
import type { Clock } from '../clock/clock.ts';
import { simulatorKits } from '../../mocks/index.ts';
import { serveSimulator, type SimulatorServer } from '../../mocks/kit/transport.ts';
import type { CarrierSimulator } from '../../mocks/kit/types.ts';
import { SANDBOX_FATES } from './fates.ts';

/** A running simulator with its magic parcels. */
export interface RunningSimulator {
  carrierId: string;
  simulator: CarrierSimulator;
  server: SimulatorServer;
  parcels: { waybillNo: string; fate: string }[];
}

/** Starts one simulator per kit, seeds the fate catalogue (collected 10 h before `clock` now). */
export async function startSandboxSimulators(clock: Clock): Promise<RunningSimulator[]> {
  const running: RunningSimulator[] = [];
  for (const kit of Object.values(simulatorKits)) {
    const simulator = kit.create({ clock });
    const parcels = SANDBOX_FATES.map(({ fate, n }) => {
      const waybillNo = kit.waybill(n);
      simulator.world.add({ waybillNo, fate, phoneLast4: '1234', collectedAt: clock.nowMs() - 10 * 3_600_000 });
      return { waybillNo, fate };
    });
    const server = await serveSimulator(simulator);
    running.push({ carrierId: kit.carrierId, simulator, server, parcels });
  }
  return running;
}
