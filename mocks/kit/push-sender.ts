// Sends simulator pushes to a URL over HTTP, and a pump that pushes every parcel whose visible events changed.
import axios from 'axios';
import type { PushRequest } from '../../src/carrier/model.ts';
import type { CarrierSimulator, SimulatorKit } from './types.ts';

/** The receiver's answer to one push. */
export interface PushDelivery {
  status: number;
  body: string;
}

/** POSTs one push (its headers, query and exact body) to `url`. */
export async function sendPush(url: string, push: PushRequest, timeoutMs = 10_000): Promise<PushDelivery> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(push.headers)) if (value !== undefined) headers[key] = value;
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(push.query)) if (value !== undefined) params[key] = value;
  const response = await axios.post<string>(url, push.body, {
    adapter: 'http',
    headers,
    params,
    timeout: timeoutMs,
    responseType: 'text',
    transformResponse: [(d: unknown) => d],
    validateStatus: () => true,
  });
  return { status: response.status, body: typeof response.data === 'string' ? response.data : String(response.data) };
}

/**
 * Pushes, for each parcel of a simulator's world, its visible events once they change: what a
 * carrier's push service does for subscribed numbers. Call `pump()` after the clock moves.
 */
export class PushPump<TConfig> {
  private readonly seen = new Map<string, number>();
  /** Deliveries made, with the receiver's answers (for tests). */
  readonly deliveries: { waybillNo: string; status: number }[] = [];

  constructor(
    private readonly simulator: CarrierSimulator,
    private readonly kit: SimulatorKit<TConfig>,
    private readonly config: TConfig,
    private readonly url: string,
  ) {
    if (!kit.push) throw new Error(`${kit.carrierId} has no push`);
  }

  /** Sends one push per parcel whose visible event count changed since the last pump. */
  async pump(): Promise<number> {
    let sent = 0;
    for (const parcel of this.simulator.world.all()) {
      const count = this.simulator.world.visible(parcel.waybillNo).length;
      if (count === 0 || this.seen.get(parcel.waybillNo) === count) continue;
      const push = this.kit.push!(this.simulator, [parcel.waybillNo], { config: this.config });
      const answer = await sendPush(this.url, push);
      this.deliveries.push({ waybillNo: parcel.waybillNo, status: answer.status });
      if (answer.status >= 200 && answer.status < 300) this.seen.set(parcel.waybillNo, count);
      sent++;
    }
    return sent;
  }
}
