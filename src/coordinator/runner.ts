// The effect runner: claims outbox effects, executes them idempotently, records results as case events, and reconciles before retrying a money call.
import { type Logger, silentLogger } from '../runtime/logger.ts';
import { ConcurrentChangeError, InvariantError } from '../runtime/errors.ts';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import { claim } from '../store/claim.ts';
import type { Store } from '../store/connect.ts';
import type { EffectsTable } from '../store/schema.ts';
import { EffectsRepository, type EffectClaim } from '../store/repos/effects.ts';
import type { Effect } from '../cases/effects.ts';
import type { CaseEventInput } from '../cases/events.ts';
import type { CaseService } from './service.ts';
import type { EffectHandoff } from './effect-handoff.ts';

/** What a handler reports after doing an effect: the facts to feed back to the case. */
export interface HandlerResult {
  events: CaseEventInput[];
  /** Anything worth keeping beside the effect (the raw answer). */
  result?: unknown;
}

/** Which case and which stored effect a handler works for: the outbox row's own ids, never parsed out of a key. */
export interface EffectTarget {
  caseId: string;
  effectId: string;
  /**
   * Which claim of the effect this is (1 = first). Above 1 an earlier run may have reached the remote side
   * before its runner died or lost the answer. Default 1 (handlers called outside the runner).
   */
  attempt?: number;
}

/** Executes one kind of effect. */
export interface EffectHandler<E extends Effect = Effect> {
  /** Money calls are sent at most once: a retry after a lost answer must reconcile first. */
  money?: boolean;
  run(effect: E, target: EffectTarget): Promise<HandlerResult>;
  /** Asks the other side whether a money call with this effect's idempotency key was performed. */
  reconcile?(effect: E, target: EffectTarget): Promise<'DONE' | 'NOT_FOUND'>;
  /** Facts to record when reconciliation finds the call was already performed. */
  onReconciledDone?(effect: E, target: EffectTarget): HandlerResult;
}

/** Handlers by effect type; an effect without a handler waits as a dead letter until one exists. */
export type EffectHandlers = { [T in Effect['type']]?: EffectHandler<Extract<Effect, { type: T }>> };

/** Errors a handler throws; `retryable` false sends the effect to the dead letters at once. */
export interface RunnerError {
  retryable?: boolean;
  message?: string;
}

/** Options of the runner. */
export interface EffectRunnerOptions {
  /** Where effect failures are logged with case and effect ids. Default: silent. */
  logger?: Logger;
  store: Store;
  clock: Clock;
  service: CaseService;
  handlers: EffectHandlers;
  /** Lease length in ms. Default 30 000. */
  leaseMs?: number;
  /** Attempts before an effect becomes a dead letter. Default 8. */
  maxAttempts?: number;
  /** First retry delay in ms (doubles per attempt, with jitter). Default 1 000. */
  backoffMs?: number;
  /** Effects claimed per round. Default 50. */
  batch?: number;
  /** Cases whose effects run at the same time within one round. Default 16. */
  concurrency?: number;
  /** Lease owner of this runner's claims. Default: the hand-off's owner, or `<pid>:<8 hex>` without one. */
  owner?: string;
  /**
   * Take the effects the service's decisions issue as they commit, already leased to this runner (no claiming
   * transaction for them). It must be the service's own hand-off; its owner and lease length are this
   * runner's. Default: none, every effect is claimed from the store.
   */
  handoff?: EffectHandoff;
}

/**
 * Counts of one round. `lost`: claimed effects this runner no longer held when it reached them (its lease
 * lapsed and another runner claimed them, e.g. after a long pause): left alone, never executed twice.
 */
export interface RunnerRound {
  claimed: number;
  done: number;
  retried: number;
  dead: number;
  lost: number;
}

export class EffectRunner {
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly effects: EffectsRepository;

  constructor(private readonly options: EffectRunnerOptions) {
    const { handoff } = options;
    if (handoff) {
      if (options.service.handoff !== handoff) throw new InvariantError("the runner's hand-off is not its case service's");
      if (options.owner !== undefined && options.owner !== handoff.owner)
        throw new InvariantError(`runner owner ${options.owner} differs from its hand-off's owner ${handoff.owner}`);
      if (options.leaseMs !== undefined && options.leaseMs !== handoff.leaseMs)
        throw new InvariantError(`runner lease ${options.leaseMs} ms differs from its hand-off's lease ${handoff.leaseMs} ms`);
    }
    this.owner = handoff?.owner ?? options.owner ?? `${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = handoff?.leaseMs ?? options.leaseMs ?? 30_000;
    this.effects = new EffectsRepository(options.store);
  }

  private nowIso(offsetMs = 0): string {
    return new Date(this.options.clock.nowMs() + offsetMs).toISOString();
  }

  /** The hand-off this runner takes freshly issued effects from, if any. */
  get handoff(): EffectHandoff | undefined {
    return this.options.handoff;
  }

  /**
   * Executes one batch of due effects: the handed-off ones first, then, unless `claim` is false, ones
   * claimed from the store up to the batch size.
   */
  async runOnce(options: { claim?: boolean } = {}): Promise<RunnerRound> {
    const batch = this.options.batch ?? 50;
    const handedOff = this.options.handoff?.take(batch) ?? [];
    const claimed =
      handedOff.length < batch && options.claim !== false
        ? await claim(this.options.store, {
            owner: this.owner,
            now: this.nowIso(),
            leaseUntil: this.nowIso(this.leaseMs),
            limit: batch - handedOff.length,
          })
        : [];
    const rows = handedOff.length === 0 ? claimed : [...handedOff, ...claimed];
    const round: RunnerRound = { claimed: rows.length, done: 0, retried: 0, dead: 0, lost: 0 };
    // Effects of one case run in claim order; different cases run side by side (most of an effect's
    // time is waiting for a carrier or a merchant), at most `concurrency` at once.
    const byCase = new Map<string, EffectsTable[]>();
    for (const row of rows) byCase.set(row.case_id, [...(byCase.get(row.case_id) ?? []), row]);
    const queues = [...byCase.values()];
    const workers = Array.from({ length: Math.min(this.options.concurrency ?? 16, queues.length) }, async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        for (const row of queue) round[await this.execute(row)]++;
      }
    });
    await Promise.all(workers);
    return round;
  }

  /** Runs rounds until nothing is due. */
  async drain(maxRounds = 1000): Promise<void> {
    for (let i = 0; i < maxRounds; i++) {
      const round = await this.runOnce();
      if (round.claimed === 0) return;
    }
  }

  /**
   * Renews this runner's lease on a claimed row (and applies `also` in the same update), only while the
   * row is still this claim's: RUNNING, leased to this owner, and not claimed again since (`attempts` is
   * the claim's fencing token). False when another runner took it over after the lease lapsed.
   */
  private async holdLease(row: EffectsTable): Promise<boolean> {
    return this.effects.renewLease(this.claimOf(row), this.nowIso(this.leaseMs), this.nowIso());
  }

  /** The claim this runner holds on a row it took. */
  private claimOf(row: EffectsTable): EffectClaim {
    return { id: row.id, owner: this.owner, attempts: row.attempts };
  }

  private async execute(row: EffectsTable): Promise<'done' | 'retried' | 'dead' | 'lost'> {
    // A batch is worked through in order: by the time a row is reached its lease may have lapsed and
    // another runner may own it. Executing it anyway would repeat the effect (a second money call).
    // While the claim's lease has not run out nobody else can have claimed the row: no store round trip.
    if (row.lease_until !== null && this.options.clock.nowMs() >= Date.parse(row.lease_until) && !(await this.holdLease(row)))
      return 'lost';
    const effect = JSON.parse(row.payload_json) as Effect;
    const handler = this.options.handlers[effect.type] as EffectHandler | undefined;
    const target: EffectTarget = { caseId: row.case_id, effectId: row.id, attempt: row.attempts };
    if (!handler) return this.fail(row, { retryable: false, message: `no handler configured for ${effect.type}` });
    try {
      if (handler.money) {
        // Any earlier claim of this row may have sent the call (its runner killed, or its answer
        // lost): the claim itself is durable, so a second claim (attempts > 1) or a recorded attempt
        // (sent_at, kept across a dead-letter replay) means "ask before sending again".
        if (row.attempts > 1 || row.sent_at) {
          if (!handler.reconcile)
            return this.fail(row, { retryable: false, message: 'money call answer lost and no reconciliation available' }, true);
          const status = await handler.reconcile(effect, target);
          if (status === 'DONE')
            return this.complete(row, handler.onReconciledDone?.(effect, target) ?? { events: [] }, 'reconciled: already performed');
        }
        // Reconciliation took time: a runner whose lease lapsed meanwhile never sends.
        if (row.lease_until !== null && this.options.clock.nowMs() >= Date.parse(row.lease_until) && !(await this.holdLease(row)))
          return 'lost';
      }
      const result = await handler.run(effect, target);
      return this.complete(row, result);
    } catch (error) {
      const e = error as RunnerError;
      (this.options.logger ?? silentLogger).warn(
        {
          err: error,
          caseId: row.case_id,
          effectId: row.id,
          effectType: row.type,
          attempt: row.attempts,
          retryable: e.retryable !== false,
        },
        'effect failed; recorded on the effect (retried with backoff, or dead-lettered)',
      );
      return this.fail(row, { retryable: e.retryable !== false, message: e.message ?? String(error) }, handler.money === true);
    }
  }

  /**
   * Records the result and the facts it brings in one transaction, unless the row was taken over
   * meanwhile (then the new owner reconciles or redoes it).
   */
  private async complete(row: EffectsTable, result: HandlerResult, note?: string): Promise<'done' | 'lost'> {
    const { service } = this.options;
    for (let attempt = 1; ; attempt++) {
      const planned = await service.planEvents(
        row.case_id,
        result.events.map((event, i) => ({ event, fingerprint: `effect:${row.id}:${i}` })),
      );
      const outcome = await service.commitPlanned(row.case_id, planned, [
        this.effects.completeStep(this.claimOf(row), JSON.stringify({ note, result: result.result ?? null }), this.nowIso()),
      ]);
      if (outcome.committed) return 'done';
      if (outcome.guard === 'lease') return 'lost';
      // The case changed between the read and the write: decide again on the new state.
      if (attempt >= 20)
        throw new ConcurrentChangeError(`case ${row.case_id}`, `case ${row.case_id} kept changing while recording effect ${row.id}`);
    }
  }

  /** Records a failed attempt; for a money call, that an attempt was made (a later run reconciles first). */
  private async fail(
    row: EffectsTable,
    error: { retryable: boolean; message: string },
    moneyAttempted = false,
  ): Promise<'retried' | 'dead' | 'lost'> {
    const maxAttempts = this.options.maxAttempts ?? 8;
    const dead = !error.retryable || row.attempts >= maxAttempts;
    const base = this.options.backoffMs ?? 1_000;
    const delay = Math.min(3_600_000, base * 2 ** Math.max(0, row.attempts - 1)) * (0.5 + Math.random() / 2);
    const recorded = await this.effects.recordFailure(this.claimOf(row), {
      status: dead ? 'DEAD' : 'PENDING',
      lastError: error.message.slice(0, 2000),
      nextAttemptAt: this.nowIso(dead ? 0 : delay),
      updatedAt: this.nowIso(),
      sentAt: row.sent_at ?? (moneyAttempted ? this.nowIso() : null),
    });
    if (!recorded) return 'lost';
    return dead ? 'dead' : 'retried';
  }

  /** Puts a dead letter back in the queue (support replays it once the cause is fixed). */
  async replay(effectId: string): Promise<boolean> {
    return this.effects.replay(effectId, this.nowIso(), this.nowIso());
  }
}
