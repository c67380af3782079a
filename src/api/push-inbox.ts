// Carrier pushes: verified with the merchant's account, stored raw in `inbox` (dedupe key = sha256 of the signed content, by default the body) before the reply, then applied to the cases holding those waybills.
import { createHash } from 'node:crypto';
import type { MerchantAccounts } from '../merchants/accounts.ts';
import type { Coordinator } from '../coordinator/coordinator.ts';
import type { Clock } from '../clock/clock.ts';
import type { PushUpdate } from '../carrier/model.ts';
import { eventFingerprint } from '../store/case-writes.ts';
import type { Case } from '../cases/state.ts';
import type { Store } from '../store/connect.ts';
import { PushInboxRepository } from '../store/repos/push-inbox.ts';
import { ShipmentRepository } from '../store/repos/shipments.ts';

/** What is stored per push: the source, the raw request, and the updates the plugin read from it. */
interface StoredPush {
  carrierId: string;
  merchantId: string;
  updates: Omit<PushUpdate, 'raw'>[];
}

/** Dependencies. */
export interface PushInboxDeps {
  store: Store;
  clock: Clock;
  accounts: MerchantAccounts;
  coordinator: Coordinator;
}

/** The inbox of pushes. */
export class PushInbox {
  private draining: Promise<number> | undefined;
  private rerun: Promise<number> | undefined;

  private readonly inbox: PushInboxRepository;
  private readonly shipments: ShipmentRepository;

  constructor(private readonly deps: PushInboxDeps) {
    this.inbox = new PushInboxRepository(deps.store);
    this.shipments = new ShipmentRepository(deps.store);
  }

  /**
   * Which of these waybills are shipments of the merchant's cases. A push authenticated by URL token
   * only (SF) signs nothing of its body, so its waybills are kept only when they are the merchant's.
   */
  merchantWaybills(merchantId: string, waybillNos: readonly string[]): Promise<Set<string>> {
    return this.shipments.ownedAmong(merchantId, waybillNos);
  }

  /** The dedupe key of a push body. */
  static dedupeKey(body: string): string {
    return createHash('sha256').update(body, 'utf8').digest('hex');
  }

  /**
   * Stores a verified push; false when the same signed content (`signedContent`, default the whole
   * body) from the same source was already stored (a replay, even with other unsigned fields). Pushes arriving together are written in one transaction (group commit): each is
   * durable when its promise resolves, and one fsync covers the group.
   */
  store(
    carrierId: string,
    merchantId: string,
    body: string,
    updates: PushUpdate[],
    signedContent?: string,
  ): Promise<{ stored: boolean; receivedAt: string }> {
    const stored: StoredPush = { carrierId, merchantId, updates: updates.map(({ raw: _raw, ...u }) => u) };
    return new Promise((resolve, reject) => {
      this.pending.push({
        source: `push:${carrierId}:${merchantId}`,
        dedupeKey: signedContent === undefined ? PushInbox.dedupeKey(body) : PushInbox.dedupeKey(`signed:${signedContent}`),
        body: JSON.stringify({ raw: body, ...stored }),
        resolve,
        reject,
      });
      if (this.pending.length === 1)
        setImmediate(() => {
          void this.writeGroup(this.pending.splice(0));
        });
    });
  }

  private pending: {
    source: string;
    dedupeKey: string;
    body: string;
    resolve: (r: { stored: boolean; receivedAt: string }) => void;
    reject: (e: unknown) => void;
  }[] = [];

  /**
   * Writes the pushes that arrived in one turn of the event loop as one plan, without waiting for the plans
   * sent before it: the store's writer runs plans in the order sent and commits the ones that queue while
   * it writes as one group (one transaction, one fsync), so a group holds whatever arrived during the
   * previous commit and each push is answered after its own group's COMMIT.
   */
  private async writeGroup(batch: PushInbox['pending']): Promise<void> {
    const receivedAt = this.deps.clock.now().toISOString();
    try {
      const stored = await this.inbox.insertNew(
        batch.map((item) => ({ source: item.source, dedupeKey: item.dedupeKey, receivedAt, body: item.body })),
      );
      for (const [i, item] of batch.entries()) {
        if (stored[i]) item.resolve({ stored: true, receivedAt });
        else
          this.inbox.receivedAtOf(item.source, item.dedupeKey).then(
            (first) => item.resolve({ stored: false, receivedAt: first ?? receivedAt }),
            (error: unknown) => item.reject(error),
          );
      }
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }

  /** Applies every unprocessed push (after the reply, and on each gateway tick for pushes left by a crash). Returns how many were processed. */
  drain(): Promise<number> {
    // Calls during a drain share one follow-up run (which sees every row stored meanwhile).
    if (this.draining) {
      this.rerun ??= this.draining
        // handled: the first drain's own caller gets its error; the follow-up runs regardless
        .catch(() => 0)
        .then(() => {
          this.rerun = undefined;
          return this.drain();
        });
      return this.rerun;
    }
    this.draining = this.drainOnce().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drainOnce(): Promise<number> {
    const rows = await this.inbox.unprocessed(500);
    const pushes = rows.map((row) => ({ id: row.id, push: JSON.parse(row.body) as StoredPush }));
    // Which cases hold the batch's waybills: one query per merchant, not one per update.
    const waybillsByMerchant = new Map<string, string[]>();
    for (const { push } of pushes) {
      const list = waybillsByMerchant.get(push.merchantId) ?? [];
      for (const update of push.updates) list.push(update.waybillNo);
      waybillsByMerchant.set(push.merchantId, list);
    }
    const holders = new Map<string, Map<string, { case_id: string; carrier_id: string }[]>>();
    for (const [merchantId, waybills] of waybillsByMerchant)
      holders.set(merchantId, await this.shipments.holdersAmong(merchantId, waybills));
    const done: number[] = [];
    try {
      for (const { id, push } of pushes) {
        for (const update of push.updates) {
          const held = holders.get(push.merchantId)?.get(update.waybillNo) ?? [];
          if (held.length > 0) await this.applyUpdate(push.merchantId, update, held);
        }
        done.push(id);
      }
    } finally {
      // Applying is idempotent (event fingerprints), so marking in one statement after the work is safe.
      if (done.length > 0) await this.inbox.markProcessed(done, this.deps.clock.now().toISOString());
    }
    return rows.length;
  }

  /** One waybill's update to every case of the merchant holding it: tracking events, and a stated interception outcome. */
  private async applyUpdate(
    merchantId: string,
    update: Omit<PushUpdate, 'raw'>,
    held: readonly { case_id: string; carrier_id: string }[],
  ): Promise<void> {
    for (const row of held) {
      if (update.events.length > 0) {
        const event = {
          type: 'TRACKING_UPDATE' as const,
          waybillNo: update.waybillNo,
          carrierId: row.carrier_id,
          found: true,
          events: update.events,
        };
        // Same fingerprint scheme as the tracker: a push and a poll of the same events apply once.
        await this.deps.coordinator.apply(row.case_id, event, { fingerprint: `track:${eventFingerprint(event)}` });
      }
    }
    if (!update.interceptOutcome) return;
    // The outcome names an interception of the case as it is now (earlier updates may have changed it).
    for (const row of await this.shipments.holdersOf(merchantId, update.waybillNo)) {
      const c = JSON.parse(row.state_json) as Case;
      const target = [...c.interceptions].reverse().find((i) => i.waybillNo === update.waybillNo && i.channel !== 'OFFLINE');
      if (!target) continue;
      const at = update.events[update.events.length - 1]?.at ?? this.deps.clock.now().toISOString();
      await this.deps.coordinator.apply(
        row.case_id,
        { type: 'INTERCEPT_CALLBACK', interceptionId: target.id, at, outcome: update.interceptOutcome },
        { fingerprint: `callback:${target.id}:${update.interceptOutcome}` },
      );
    }
  }
}
