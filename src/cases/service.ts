// The case service: loads a case, applies an event through decide(), and stores state, event, effects and timers in one transaction.
import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/connect.ts';
import { withTransaction, type Tx } from '../store/transaction.ts';
import { decide, openCase, type Decision } from './decide.ts';
import type { CaseEventInput, OpenCaseInput } from './events.ts';
import { caseColumns, eventFingerprint, writeDecisionEffects } from './persistence.ts';
import type { Rules } from './rules-config.ts';
import type { Case } from './state.ts';

/** Options of the case service. */
export interface CaseServiceOptions {
  store: Store;
  clock: Clock;
  rules: Rules;
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

/** Told after a transaction that changed a case has committed. */
export type CommitListener = (caseId: string) => Promise<void>;

/** The durable face of the case rules. */
export class CaseService {
  private listener: CommitListener | undefined;

  constructor(private readonly options: CaseServiceOptions) {}

  /** Sets the listener told after each committed change (the coordinator's follow-up policy). */
  onCommitted(listener: CommitListener): void {
    this.listener = listener;
  }

  /** Tells the listener that `caseId` changed (for writers that use applyIn in their own transaction). */
  async committed(caseId: string): Promise<void> {
    await this.listener?.(caseId);
  }

  private now(): string {
    return this.options.clock.now().toISOString();
  }

  /** Opens a case, or returns the existing one for the same merchant, platform and after-sale (idempotent). */
  async open(request: OpenCaseRequest): Promise<{ case: Case; created: boolean }> {
    const { platform, phones = {}, ...input } = request;
    const result = await withTransaction(this.options.store, async (tx) => {
      const existing = await tx.selectFrom('cases').select('state_json')
        .where('merchant_id', '=', input.merchantId).where('platform', '=', platform).where('after_sale_id', '=', input.afterSaleId)
        .executeTakeFirst();
      if (existing) return { case: JSON.parse(existing.state_json) as Case, created: false };
      const now = this.now();
      const decision = openCase(input, this.options.clock.now(), this.options.rules);
      const c = decision.case;
      await tx.insertInto('cases').values({ id: c.id, ...caseColumns(c, platform), version: 1, created_at: now, updated_at: now }).execute();
      await tx.insertInto('case_events').values({ case_id: c.id, fingerprint: 'open', type: 'CASE_OPENED', occurred_at: now, payload_json: JSON.stringify(request), recorded_at: now }).execute();
      await writeDecisionEffects(tx, c, decision.effects, decision.reasons, now, request, phones);
      return { case: c, created: true };
    });
    if (result.created) await this.committed(result.case.id);
    return result;
  }

  /** Reads a case. */
  async get(caseId: string): Promise<Case | undefined> {
    const row = await this.options.store.db.selectFrom('cases').select('state_json').where('id', '=', caseId).executeTakeFirst();
    return row ? (JSON.parse(row.state_json) as Case) : undefined;
  }

  /**
   * Applies one event. The same event (same fingerprint; by default a hash of its content) is
   * applied once: a duplicated push changes nothing.
   */
  async apply(caseId: string, event: CaseEventInput, options: { fingerprint?: string } = {}): Promise<ApplyResult> {
    const fingerprint = options.fingerprint ?? eventFingerprint(event);
    // A fact already applied (a repeated poll, a re-sent push) is answered from a read, without a write
    // transaction and its durable commit; applyIn checks again inside the transaction.
    const seen = await this.options.store.db.selectFrom('case_events').select('id').where('case_id', '=', caseId).where('fingerprint', '=', fingerprint).executeTakeFirst();
    if (seen) {
      const current = await this.get(caseId);
      if (current) return { case: current, duplicate: true };
    }
    const result = await withTransaction(this.options.store, (tx) => this.applyIn(tx, caseId, event, fingerprint));
    if (!result.duplicate) await this.committed(caseId);
    return result;
  }

  /** Applies an event inside the caller's transaction (used by the runner to record a result atomically). */
  async applyIn(tx: Tx, caseId: string, event: CaseEventInput, fingerprint: string): Promise<ApplyResult> {
    const row = await tx.selectFrom('cases').select(['state_json', 'version', 'platform']).where('id', '=', caseId).executeTakeFirst();
    if (!row) throw new CaseNotFoundError(caseId);
    const current = JSON.parse(row.state_json) as Case;
    const now = this.now();
    const inserted = await tx.insertInto('case_events').values({
      case_id: caseId, fingerprint, type: event.type, occurred_at: 'at' in event && typeof event.at === 'string' ? event.at : now, payload_json: JSON.stringify(event), recorded_at: now,
    }).onConflict((oc) => oc.columns(['case_id', 'fingerprint']).doNothing()).executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return { case: current, duplicate: true };
    const decision = decide(current, event, this.options.clock.now(), this.options.rules);
    const c = decision.case;
    const updated = await tx.updateTable('cases').set({ ...caseColumns(c, row.platform), version: row.version + 1, updated_at: now })
      .where('id', '=', caseId).where('version', '=', row.version).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new Error(`case ${caseId} changed concurrently (version ${row.version})`);
    const phones = Object.fromEntries((await tx.selectFrom('shipments').select(['waybill_no', 'phone_last4']).where('case_id', '=', caseId).execute())
      .filter((r) => r.phone_last4).map((r) => [r.waybill_no, r.phone_last4!]));
    await writeDecisionEffects(tx, c, decision.effects, decision.reasons, now, event, phones);
    return { case: c, decision, duplicate: false };
  }

  /** Fires every pending timer due at the clock's now, each in its own transaction; returns how many fired. */
  async fireDueTimers(limit = 500): Promise<number> {
    const now = this.now();
    const due = await this.options.store.db.selectFrom('timers').select(['id', 'case_id', 'timer_id', 'due_at'])
      .where('status', '=', 'PENDING').where('due_at', '<=', now).orderBy('due_at').limit(limit).execute();
    let fired = 0;
    for (const timer of due) {
      const applied = await withTransaction(this.options.store, async (tx) => {
        const claimed = await tx.updateTable('timers').set({ status: 'FIRED' }).where('id', '=', timer.id).where('status', '=', 'PENDING').where('due_at', '=', timer.due_at).executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return false;
        await this.applyIn(tx, timer.case_id, { type: 'TIMER_FIRED', timerId: timer.timer_id }, `timer:${timer.timer_id}:${timer.due_at}`);
        return true;
      });
      if (applied) {
        fired++;
        await this.committed(timer.case_id);
      }
    }
    return fired;
  }
}
