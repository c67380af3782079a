// Tracking follow-up: polls every non-terminal shipment of every open case in batches, within quotas and per-number limits kept in the store.
import pLimit, { type LimitFunction } from 'p-limit';
import { type Logger, silentLogger } from '../runtime/logger.ts';
import { AuthError } from '../carrier/errors.ts';
import type { Clock } from '../clock/clock.ts';
import type { ResilientCarrierClient } from '../carrier/resilience.ts';
import type { Store } from '../store/connect.ts';
import { eventFingerprint } from '../store/case-writes.ts';
import { TrackingFollowRepository, type DueShipment } from '../store/repos/tracking-follow.ts';
import type { CaseService } from './service.ts';

/** Options of the tracker. */
export interface TrackerOptions {
  store: Store;
  clock: Clock;
  service: CaseService;
  /** The client that tracks `carrierId` for this merchant (its own account, or a hub's). */
  trackerFor(
    merchantId: string,
    carrierId: string,
  ): { client: ResilientCarrierClient; accountId: string; perNumber?: { max: number; windowMs: number }; batchSize?: number } | undefined;
  /** Time between polls of one number, ms. Default 2 h. */
  pollIntervalMs?: number;
  /**
   * Time between polls of a number whose case is settled (REFUNDED: the money is done and only the
   * goods' way back is followed, for the overdue-return check and closing), ms. Default 12 h.
   */
  settledPollIntervalMs?: number;
  /** Shipments taken per round (rounds repeat until none is due). Default 2 000. */
  /**
   * How long a claimed shipment stays this instance's before another may poll it, ms (on `clock`). Default
   * 60 000: a poll round ends well within it, and an instance that died gives its shipments back after it.
   */
  claimMs?: number;
  batch?: number;
  /** Tracking answers applied at the same time. Default 64. */
  applyConcurrency?: number;
  /** Where failures are logged, with merchant, carrier, account and case ids. Default: silent. */
  logger?: Logger;
  /** Called when the carrier rejected the merchant's credentials on a tracking call (the cases are told by the caller). */
  onCredentialsRejected?(rejection: CredentialsRejection): Promise<void> | void;
}

/** A carrier's refusal of a merchant's credentials, with the cases whose parcels were being tracked. */
export interface CredentialsRejection {
  merchantId: string;
  carrierId: string;
  accountId: string;
  caseIds: string[];
  message: string;
}

/** When the shipments polled now are due again: ISO UTC, for open and for settled cases. */
interface NextPolls {
  active: string;
  settled: string;
}

/** Counts of one round. */
export interface TrackerRound {
  polled: number;
  updated: number;
  limited: number;
  failed: number;
  noRoute: number;
}

export class Tracker {
  private readonly shipments: TrackingFollowRepository;

  constructor(private readonly options: TrackerOptions) {
    this.shipments = new TrackingFollowRepository(options.store);
  }

  /** Polls the shipments that are due. */
  async pollDue(): Promise<TrackerRound> {
    const total: TrackerRound = { polled: 0, updated: 0, limited: 0, failed: 0, noRoute: 0 };
    // Rounds of `batch` until nothing is due (every row taken is rescheduled, so this ends), at most 50.
    for (let i = 0; i < 50; i++) {
      const round = await this.pollRound();
      for (const k of Object.keys(total) as (keyof TrackerRound)[]) total[k] += round[k];
      if (round.taken < (this.options.batch ?? 2000)) break;
    }
    return total;
  }

  /** One round: the `batch` shipments due first. */
  private async pollRound(): Promise<TrackerRound & { taken: number }> {
    const { clock } = this.options;
    const now = clock.now().toISOString();
    // Claimed, not only read: several instances share the store, and each due shipment is polled by one of them.
    const claimUntil = new Date(clock.nowMs() + (this.options.claimMs ?? 60_000)).toISOString();
    const due = await this.shipments.claimDue(now, claimUntil, this.options.batch ?? 2000);
    const round: TrackerRound = { polled: 0, updated: 0, limited: 0, failed: 0, noRoute: 0 };
    const groups = new Map<string, DueShipment[]>();
    for (const row of due) {
      const key = `${row.merchant_id}\u0000${row.carrier_id}`;
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    const next = {
      active: new Date(clock.nowMs() + (this.options.pollIntervalMs ?? 2 * 3_600_000)).toISOString(),
      settled: new Date(clock.nowMs() + (this.options.settledPollIntervalMs ?? 12 * 3_600_000)).toISOString(),
    };
    // Accounts are polled side by side (each waits on its own limiter and carrier); the answers are
    // applied up to `applyConcurrency` at a time, so that writes overlap carrier calls.
    const applying = pLimit(this.options.applyConcurrency ?? 64);
    await Promise.all([...groups.values()].map((rows) => this.pollGroup(rows, next, round, applying)));
    return { ...round, taken: due.length };
  }

  /** Polls one merchant's shipments of one carrier and applies what came back. */
  private async pollGroup(rows: readonly DueShipment[], next: NextPolls, round: TrackerRound, applying: LimitFunction): Promise<void> {
    const first = rows[0]!;
    const tracker = this.options.trackerFor(first.merchant_id, first.carrier_id);
    if (!tracker?.client.track) {
      round.noRoute += rows.length;
      await this.reschedule(rows, next);
      return;
    }
    const allowed: DueShipment[] = [];
    for (const row of rows) {
      if (tracker.perNumber && !(await this.takeNumberBudget(tracker.accountId, row.waybill_no, tracker.perNumber))) {
        round.limited++;
        await this.reschedule([row], next);
        continue;
      }
      allowed.push(row);
    }
    if (allowed.length === 0) return;
    // One call per batch the carrier takes; each batch's answers are applied as soon as it is back.
    const size = Math.max(1, tracker.batchSize ?? allowed.length);
    const chunks: DueShipment[][] = [];
    for (let i = 0; i < allowed.length; i += size) chunks.push(allowed.slice(i, i + size));
    await Promise.all(
      chunks.map(async (chunk) => {
        try {
          const results = await tracker.client.track!(
            chunk.map((r) => ({
              waybillNo: r.waybill_no,
              carrierId: r.carrier_id,
              ...(r.phone_last4 ? { phoneLast4: r.phone_last4 } : {}),
            })),
          );
          round.polled += chunk.length;
          await Promise.all(
            results.map((result, i) =>
              applying(async () => {
                const row = chunk[i]!;
                const event = {
                  type: 'TRACKING_UPDATE' as const,
                  waybillNo: row.waybill_no,
                  carrierId: row.carrier_id,
                  found: result.found,
                  events: result.events,
                };
                if (await this.options.service.applyIfNew(row.case_id, event, `track:${eventFingerprint(event)}`)) round.updated++;
              }),
            ),
          );
        } catch (error) {
          round.failed += chunk.length;
          const ids = {
            merchantId: first.merchant_id,
            carrierId: first.carrier_id,
            accountId: tracker.accountId,
            caseIds: [...new Set(chunk.map((r) => r.case_id))],
            waybills: chunk.map((r) => r.waybill_no),
          };
          if (error instanceof AuthError) {
            (this.options.logger ?? silentLogger).warn(
              { ...ids, err: error },
              "carrier rejected the merchant's credentials while tracking",
            );
            await this.options.onCredentialsRejected?.({ ...ids, message: error.message });
          } else
            (this.options.logger ?? silentLogger).warn(
              { ...ids, err: error },
              'tracking call failed; the numbers are polled again at their next turn',
            );
        }
      }),
    );
    await this.reschedule(allowed, next);
  }

  /** Moves the next poll of `rows` (settled cases' later): one transaction for the group (one durable commit, not one per row). */
  private async reschedule(rows: readonly DueShipment[], next: NextPolls): Promise<void> {
    if (rows.length === 0) return;
    const now = this.options.clock.now().toISOString();
    await this.shipments.reschedule(
      rows.map((row) => ({
        caseId: row.case_id,
        waybillNo: row.waybill_no,
        nextPollAt: row.status === 'REFUNDED' ? next.settled : next.active,
      })),
      now,
    );
  }

  /**
   * Records one query of `waybillNo` against the account's per-number limit, unless the limit is
   * reached in the window (then the query is never sent). Kept in the store, so it survives restarts.
   */
  async takeNumberBudget(accountId: string, waybillNo: string, limit: { max: number; windowMs: number }): Promise<boolean> {
    const now = this.options.clock.nowMs();
    const since = new Date(now - limit.windowMs).toISOString();
    if ((await this.shipments.queriesSince(accountId, waybillNo, since)) >= limit.max) return false;
    await this.shipments.recordQuery(accountId, waybillNo, new Date(now).toISOString());
    return true;
  }
}
