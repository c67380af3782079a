// The case service: reads a case, applies an event through decide(), and stores state, event, effects and timers as one write plan (one transaction).
import { ConcurrentChangeError, ConflictError } from '../runtime/errors.ts';
import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/connect.ts';
import type { PlanResult, WriteStep } from '../store/plan.ts';
import type { EffectsTable } from '../store/schema.ts';
import { CasesRepository, type CaseDecisionRow } from '../store/repos/cases.ts';
import { decideInPlace, openCase, type Decision } from '../cases/decide.ts';
import type { CaseEventInput, OpenCaseInput } from '../cases/events.ts';
import {
  auditEntries,
  decisionSteps,
  eventFingerprint,
  insertCaseStep,
  insertEventStep,
  updateCaseStep,
  searchableColumns,
  type EffectLease,
  type StoredCaseColumns,
} from '../store/case-writes.ts';
import type { Rules } from '../cases/rules-config.ts';
import type { Case } from '../cases/state.ts';
import type { EffectHandoff } from './effect-handoff.ts';

/** Options of the case service. */
export interface CaseServiceOptions {
  store: Store;
  clock: Clock;
  rules: Rules;
  /** Told after each committed change, with the case as stored (the coordinator's follow-up policy). Default: nobody. */
  onCommitted?: CommitListener;
  /**
   * Where the effects this service's decisions issue go once committed: they are stored already leased to the
   * hand-off's owner (this process's runner), with no claiming transaction per effect. Default: none, every
   * effect waits in the store to be claimed.
   */
  handoff?: EffectHandoff;
}

/** Input to open a case: the rules' input plus the platform and the receivers' phone digits per waybill. */
export type OpenCaseRequest = OpenCaseInput & {
  /** `douyin`, or the merchant's own platform name in generic mode. */
  platform: string;
  /** Last four phone digits per waybill (carriers need them to show routes). */
  phones?: Record<string, string>;
};

/** The outcome of applying an event. */
export interface ApplyResult {
  case: Case;
  decision?: Decision;
  /** True when the same event (by fingerprint) had already been applied. */
  duplicate: boolean;
}

/** Raised when the case does not exist. */
export class CaseNotFoundError extends Error {
  constructor(readonly caseId: string) {
    super(`case ${caseId} not found`);
    this.name = 'CaseNotFoundError';
  }
}

/** Told after a transaction that changed a case has committed, with the case as that transaction stored it. */
export type CommitListener = (caseId: string, stored: Case) => Promise<void>;

/** Events planned on a case: the steps to store them, and the case after them. */
export interface PlannedEvents {
  steps: WriteStep[];
  /** The case after the events not applied before; undefined when all had been applied (nothing was read). */
  case: Case | undefined;
  /** The last decision made. */
  decision?: Decision;
  /** Events decided (the others had been applied before). */
  applied: number;
  /** Effect rows the steps store already leased to the hand-off's owner, by their insert step. */
  issued?: Map<WriteStep, EffectsTable>;
}

/** Attempts of one write when other writers keep changing the case first (optimistic version). */
const MAX_WRITE_ATTEMPTS = 20;

/** The durable face of the case rules. */
export class CaseService {
  private readonly cases: CasesRepository;

  constructor(private readonly options: CaseServiceOptions) {
    this.cases = new CasesRepository(options.store);
  }

  /** The hand-off this service's issued effects go to, if any. */
  get handoff(): EffectHandoff | undefined {
    return this.options.handoff;
  }

  /** The lease for effects issued by a plan being built now, if they are handed off. */
  private lease(): EffectLease | undefined {
    return this.options.handoff?.lease();
  }

  /** Hands the effect rows a committed plan stored to the hand-off (an insert that changed nothing stored nothing: the effect existed). */
  private handOver(steps: readonly WriteStep[], outcome: PlanResult, issued: Map<WriteStep, EffectsTable> | undefined): void {
    if (!issued || issued.size === 0 || !outcome.committed) return;
    const rows: EffectsTable[] = [];
    steps.forEach((step, i) => {
      const row = issued.get(step);
      if (row && outcome.results[i]?.changes === 1) rows.push(row);
    });
    this.options.handoff?.deliver(rows);
  }

  /** Tells the listener that `caseId` changed (for writers that commit planned events themselves). */
  async committed(caseId: string, stored: Case): Promise<void> {
    await this.options.onCommitted?.(caseId, stored);
  }

  private now(): string {
    return this.options.clock.now().toISOString();
  }

  /** Opens a case, or returns the existing one for the same merchant, platform and after-sale (idempotent). */
  async open(request: OpenCaseRequest): Promise<{ case: Case; created: boolean }> {
    const { platform, phones = {}, ...input } = request;
    const existing = await this.findByAfterSale(input.merchantId, platform, input.afterSaleId);
    if (existing) return { case: existing, created: false };
    const now = this.now();
    const decision = openCase(input, this.options.clock.now(), this.options.rules);
    const c = decision.case;
    const lease = this.lease();
    const steps = [
      insertCaseStep(c, platform, now),
      insertEventStep(c.id, 'open', 'CASE_OPENED', now, request, now, auditEntries(decision.reasons, decision.effects)),
      ...decisionSteps(c, decision.effects, now, phones, lease),
    ];
    const outcome = await this.options.store.plan(steps);
    this.handOver(steps, outcome, lease?.issued);
    if (!outcome.committed) {
      // Opened meanwhile by another request for the same after-sale.
      const other = await this.findByAfterSale(input.merchantId, platform, input.afterSaleId);
      if (other) return { case: other, created: false };
      throw new ConflictError(`case id ${c.id} is already used by another after-sale`);
    }
    await this.committed(c.id, c);
    return { case: c, created: true };
  }

  private async findByAfterSale(merchantId: string, platform: string, afterSaleId: string): Promise<Case | undefined> {
    return this.cases.stateByAfterSale(merchantId, platform, afterSaleId);
  }

  /** Reads a case (committed state). */
  async get(caseId: string): Promise<Case | undefined> {
    return this.cases.state(caseId);
  }

  /**
   * Applies one event. The same event (same fingerprint; by default a hash of its content) is
   * applied once: a duplicated push changes nothing.
   */
  async apply(caseId: string, event: CaseEventInput, options: { fingerprint?: string } = {}): Promise<ApplyResult> {
    const applied = await this.applyIfNew(caseId, event, options.fingerprint ?? eventFingerprint(event));
    if (applied) return applied;
    const current = await this.get(caseId);
    if (!current) throw new CaseNotFoundError(caseId);
    return { case: current, duplicate: true };
  }

  /**
   * Applies one event unless its fingerprint is stored; undefined for a fact already applied (a repeated
   * poll, a re-sent push), answered from one indexed read without reading the case or writing.
   */
  async applyIfNew(caseId: string, event: CaseEventInput, fingerprint: string): Promise<ApplyResult | undefined> {
    for (let attempt = 1; ; attempt++) {
      const planned = await this.planEvents(caseId, [{ event, fingerprint }]);
      if (planned.applied === 0) return undefined;
      const outcome = await this.commitPlanned(caseId, planned);
      if (outcome.committed) {
        return { case: planned.case!, ...(planned.decision ? { decision: planned.decision } : {}), duplicate: false };
      }
      // Another writer stored this event or changed the case first: read again and decide again.
      if (attempt >= MAX_WRITE_ATTEMPTS)
        throw new ConcurrentChangeError(
          `case ${caseId}`,
          `case ${caseId} kept changing while applying ${event.type} (${outcome.guard} guard, ${attempt} attempts)`,
        );
    }
  }

  /**
   * Decides `events` in order on the committed case and returns the steps that store them, to be run
   * as one transaction (alone, or after the caller's own steps). Events whose fingerprint is stored are
   * skipped. The steps carry guards: if the case changed or an event was stored meanwhile, the
   * transaction rolls back and the caller plans again.
   */
  async planEvents(caseId: string, events: readonly { event: CaseEventInput; fingerprint: string }[]): Promise<PlannedEvents> {
    if (events.length === 0) return { steps: [], case: undefined, applied: 0 };
    let row: (CaseDecisionRow & { seen?: number | string }) | undefined;
    let fresh: readonly { event: CaseEventInput; fingerprint: string }[];
    if (events.length === 1) {
      // The usual case, one fact: whether it was applied and the case, in one read.
      row = await this.cases.decisionRowSeen(caseId, events[0]!.fingerprint);
      if (row && Number(row.seen) === 1) return { steps: [], case: undefined, applied: 0 };
      fresh = events;
    } else {
      const unseen = [];
      for (const item of events) {
        if (!(await this.cases.hasEvent(caseId, item.fingerprint))) unseen.push(item);
      }
      if (unseen.length === 0) return { steps: [], case: undefined, applied: 0 };
      row = await this.cases.decisionRow(caseId);
      fresh = unseen;
    }
    if (!row) throw new CaseNotFoundError(caseId);
    let current = JSON.parse(row.state_json) as Case;
    const version = Number(row.version);
    let decision: Decision | undefined;
    // Phone digits of new legs are taken from the stored shipments by the writer (see decisionSteps).
    const phones = {};
    const steps: WriteStep[] = [];
    const now = this.now();
    const lease = this.lease();
    // The searchable columns as stored before each event's update (only changed ones are written).
    let stored: StoredCaseColumns = row;
    for (const [i, { event, fingerprint }] of fresh.entries()) {
      // The state was parsed for this plan alone: decided in place (each step's JSON is taken as it is built).
      decision = decideInPlace(current, event, this.options.clock.now(), this.options.rules);
      const occurredAt = 'at' in event && typeof event.at === 'string' ? event.at : now;
      steps.push(
        insertEventStep(caseId, fingerprint, event.type, occurredAt, event, now, auditEntries(decision.reasons, decision.effects)),
        updateCaseStep(decision.case, version + i, now, stored),
        ...decisionSteps(decision.case, decision.effects, now, phones, lease),
      );
      current = decision.case;
      stored = searchableColumns(current);
    }
    return { steps, case: current, ...(decision ? { decision } : {}), applied: fresh.length, ...(lease ? { issued: lease.issued } : {}) };
  }

  /**
   * Commits planned events, after `before` (the caller's own steps, e.g. its effect's completion), as
   * one transaction; then tells the listener. A failed guard changes nothing: plan again.
   */
  async commitPlanned(caseId: string, planned: PlannedEvents, before: readonly WriteStep[] = []): Promise<PlanResult> {
    const steps = [...before, ...planned.steps];
    const outcome = await this.options.store.plan(steps);
    this.handOver(steps, outcome, planned.issued);
    if (outcome.committed && planned.applied > 0 && planned.case) await this.committed(caseId, planned.case);
    return outcome;
  }

  /** Fires every pending timer due at the clock's now, each in its own transaction; returns how many fired. */
  async fireDueTimers(limit = 500): Promise<number> {
    const due = await this.cases.dueTimers(this.now(), limit);
    let fired = 0;
    for (const timer of due) {
      for (let attempt = 1; ; attempt++) {
        const planned = await this.planEvents(timer.case_id, [
          { event: { type: 'TIMER_FIRED', timerId: timer.timer_id }, fingerprint: `timer:${timer.timer_id}:${timer.due_at}` },
        ]);
        const outcome = await this.commitPlanned(timer.case_id, planned, [this.cases.fireTimerStep(timer)]);
        if (outcome.committed) {
          fired++;
          break;
        }
        // Fired, moved or cancelled meanwhile: nothing to do.
        if (outcome.guard === 'timer') break;
        if (attempt >= MAX_WRITE_ATTEMPTS)
          throw new ConcurrentChangeError(
            `case ${timer.case_id}`,
            `case ${timer.case_id} kept changing while firing timer ${timer.timer_id}`,
          );
      }
    }
    return fired;
  }
}
