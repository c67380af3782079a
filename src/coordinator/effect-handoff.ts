// The hand-off of freshly issued effects from the case service to this process's effect runner: stored already leased, delivered after COMMIT.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import type { EffectLease } from '../store/case-writes.ts';
import type { EffectsTable } from '../store/schema.ts';

/** Options of a hand-off. */
export interface EffectHandoffOptions {
  clock: Clock;
  /** The lease owner written on the effects handed off (the runner's identity). Default `<pid>:<8 hex>`. */
  owner?: string;
  /** Lease length written on the effects handed off, ms. Default 30 000. */
  leaseMs?: number;
  /**
   * Effects kept waiting in memory at most. Past it the oldest are let go: they stay leased in the store,
   * and any runner claims them once the lease lapses. Default 10 000.
   */
  maxWaiting?: number;
}

/** A waiter for deliveries, which can be cancelled when it loses a race. */
export interface DeliveryWait {
  promise: Promise<void>;
  cancel(): void;
}

/**
 * One process's hand-off. The service asks it for a {@link EffectLease} while it builds a plan (the effects are
 * stored leased to `owner`, in the deciding transaction) and delivers the rows once the plan committed; the
 * runner takes them in the order issued, with no claiming transaction. Both get the same instance by
 * constructor from the composition root.
 */
export class EffectHandoff {
  readonly owner: string;
  /** ms. */
  readonly leaseMs: number;
  private readonly maxWaiting: number;
  private waiting: EffectsTable[] = [];
  private waiters: (() => void)[] = [];

  constructor(private readonly options: EffectHandoffOptions) {
    this.owner = options.owner ?? `${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.maxWaiting = options.maxWaiting ?? 10_000;
  }

  /** A lease for the effects of a plan built now, running `leaseMs` from the clock's now. */
  lease(): EffectLease {
    return { owner: this.owner, leaseUntil: new Date(this.options.clock.nowMs() + this.leaseMs).toISOString(), issued: new Map() };
  }

  /** Takes the effect rows a committed transaction stored, in the order they were issued, and wakes the waiters. */
  deliver(rows: readonly EffectsTable[]): void {
    if (rows.length === 0) return;
    this.waiting.push(...rows);
    if (this.waiting.length > this.maxWaiting) this.waiting.splice(0, this.waiting.length - this.maxWaiting);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Removes and returns up to `limit` waiting rows, oldest first. */
  take(limit: number): EffectsTable[] {
    return this.waiting.splice(0, limit);
  }

  /** Rows waiting. */
  get size(): number {
    return this.waiting.length;
  }

  /** Resolved at the next delivery (at once when rows wait already); `cancel` drops the waiter. */
  whenDelivered(): DeliveryWait {
    if (this.waiting.length > 0) return { promise: Promise.resolve(), cancel: () => {} };
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => {
      wake = resolve;
    });
    this.waiters.push(wake);
    return {
      promise,
      cancel: () => {
        this.waiters = this.waiters.filter((w) => w !== wake);
      },
    };
  }
}
