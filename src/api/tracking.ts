// `GET /v1/tracking/:waybill`: served from stored events (cases and the tracking cache), refreshed live at most once per interval per number.
import type { MerchantAccounts } from '../merchants/accounts.ts';
import type { Coordinator } from '../coordinator/coordinator.ts';
import type { Clock } from '../clock/clock.ts';
import type { CarrierRegistry } from '../carrier/registry.ts';
import type { TrackingEvent, TrackResult } from '../carrier/model.ts';
import { eventFingerprint } from '../store/case-writes.ts';
import type { Case } from '../cases/state.ts';
import type { Store } from '../store/connect.ts';
import { ShipmentRepository } from '../store/repos/shipments.ts';
import { TrackingCacheRepository } from '../store/repos/tracking-cache.ts';
import type { Logger } from '../runtime/logger.ts';
import { ApiError, badField } from './errors.ts';

/** Dependencies. */
export interface TrackingApiDeps {
  store: Store;
  clock: Clock;
  registry: CarrierRegistry;
  accounts: MerchantAccounts;
  coordinator: Coordinator;
  /** Least time between two live queries of one number, ms (on `clock`). Default 300 000 (5 min). */
  refreshIntervalMs?: number;
  /** Told when saving a live answer to the tracking cache failed (the answer was still served). */
  logger: Pick<Logger, 'error'>;
  /** `clock` is the sandbox's test clock (it moves only when advanced): a 429 says how to advance it. Default false. */
  sandboxClock?: boolean;
}

/** The tracking service. */
export class TrackingApi {
  private readonly shipments: ShipmentRepository;
  private readonly cache: TrackingCacheRepository;
  /**
   * Cache writes not yet committed, by merchant, carrier and number. A live answer is served without
   * waiting for its cache row to reach the disk (the cache is not a record: losing one in a crash costs
   * one extra live query); reads of the same number wait for it, so the refresh interval still holds.
   */
  private readonly saving = new Map<string, Promise<void>>();

  constructor(private readonly deps: TrackingApiDeps) {
    this.shipments = new ShipmentRepository(deps.store);
    this.cache = new TrackingCacheRepository(deps.store);
  }

  private get interval(): number {
    return this.deps.refreshIntervalMs ?? 300_000;
  }

  async track(merchantId: string, waybillNo: string, options: { carrier?: string; phoneLast4?: string; refresh?: boolean }) {
    const { clock, registry } = this.deps;
    let carrierId = options.carrier;
    if (carrierId !== undefined && !registry.get(carrierId)) throw badField('query.carrier', `unknown carrier "${carrierId}"`);
    const caseRows = await this.shipments.holdersOf(merchantId, waybillNo);
    if (carrierId === undefined) carrierId = caseRows[0]?.carrier_id;
    if (carrierId === undefined) {
      const candidates = registry.detect(waybillNo).filter((c) => registry.get(c.carrierId)?.kind === 'carrier');
      if (candidates.length === 0)
        throw badField('params.waybill', `${waybillNo} fits no known carrier format; name the carrier (?carrier=)`);
      carrierId = candidates[0]!.carrierId;
    }
    const cacheKey = `${merchantId}\u0000${carrierId}\u0000${waybillNo}`;
    await this.saving.get(cacheKey);
    const cached = await this.cache.find(merchantId, carrierId, waybillNo);
    const caseEvents = caseRows.flatMap((r) =>
      (JSON.parse(r.state_json) as Case).shipments.flatMap((s) => s.events).filter((e) => e.waybillNo === waybillNo),
    );
    const nowMs = clock.nowMs();
    let live: TrackResult | undefined;
    let refreshedAt = cached?.refreshed_at;
    if (options.refresh === true || (!cached && caseEvents.length === 0)) {
      if (cached) {
        const elapsed = nowMs - Date.parse(cached.refreshed_at);
        if (elapsed < this.interval) {
          const retryAfter = Math.max(1, Math.ceil((this.interval - elapsed) / 1000));
          const minutes = Math.ceil(retryAfter / 60);
          const next = this.deps.sandboxClock
            ? `next live query in ${retryAfter} s of sandbox time: advance the sandbox clock with POST /v1/sandbox/clock/advance {"minutes":${minutes}} or \`lanjie sandbox advance --minutes ${minutes}\``
            : `next live query in ${retryAfter} s`;
          throw new ApiError(429, 'REFRESH_TOO_SOON', `${waybillNo} was queried at ${cached.refreshed_at}; ${next}`, undefined, {
            'retry-after': String(retryAfter),
          });
        }
      }
      const tracker = this.deps.accounts.trackerFor(merchantId, carrierId);
      if (!tracker?.client.track)
        throw new ApiError(409, 'NO_TRACKING_ACCOUNT', `merchant ${merchantId} has no account that tracks ${carrierId}`, [
          { path: 'query.carrier', message: 'no carrier or hub account for it' },
        ]);
      if (tracker.perNumber && !(await this.deps.coordinator.tracker.takeNumberBudget(tracker.accountId, waybillNo, tracker.perNumber))) {
        throw new ApiError(
          429,
          'NUMBER_QUERY_LIMIT',
          `${waybillNo} reached the per-number query limit of ${tracker.accountId}`,
          undefined,
          { 'retry-after': String(Math.ceil(tracker.perNumber.windowMs / 1000)) },
        );
      }
      const phoneLast4 = options.phoneLast4 ?? caseRows.find((r) => r.phone_last4)?.phone_last4 ?? undefined;
      const [result] = await tracker.client.track([{ waybillNo, carrierId, ...(phoneLast4 ? { phoneLast4 } : {}) }]);
      if (!result) throw new ApiError(502, 'CARRIER_BAD_RESPONSE', `${carrierId} answered nothing for ${waybillNo}`);
      live = result;
      refreshedAt = clock.now().toISOString();
      const json = JSON.stringify({ ...result, raw: undefined });
      const save = this.cache
        .save({ merchant_id: merchantId, carrier_id: carrierId, waybill_no: waybillNo, result_json: json, refreshed_at: refreshedAt })
        .catch((error: unknown) =>
          this.deps.logger.error({ err: error, merchantId, carrierId, waybillNo }, 'saving a live tracking answer to the cache failed'),
        )
        .finally(() => {
          if (this.saving.get(cacheKey) === save) this.saving.delete(cacheKey);
        });
      this.saving.set(cacheKey, save);
      for (const row of caseRows) {
        const event = {
          type: 'TRACKING_UPDATE' as const,
          waybillNo,
          carrierId: row.carrier_id,
          found: result.found,
          events: result.events,
        };
        await this.deps.coordinator.apply(row.case_id, event, { fingerprint: `track:${eventFingerprint(event)}` });
      }
    }
    const stored = live ?? (cached ? (JSON.parse(cached.result_json) as TrackResult) : undefined);
    const events = mergeEvents([...(stored?.events ?? []), ...caseEvents.map(({ waybillNo: _w, fingerprint: _f, ...e }) => e)]);
    return {
      waybillNo,
      carrierId,
      source: live ? 'live' : 'stored',
      found: stored?.found ?? events.length > 0,
      status: stored?.status ?? (events.length ? 'UNKNOWN' : 'NOT_FOUND'),
      events,
      refreshedAt: refreshedAt ?? null,
      nextRefreshAt: refreshedAt ? new Date(Date.parse(refreshedAt) + this.interval).toISOString() : clock.now().toISOString(),
      cases: caseRows.map((r) => r.case_id),
    };
  }
}

function mergeEvents(events: TrackingEvent[]): TrackingEvent[] {
  const seen = new Map<string, TrackingEvent>();
  for (const e of events) seen.set(`${e.at}|${e.kind}|${e.rawCode}|${e.description}`, e);
  return [...seen.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
