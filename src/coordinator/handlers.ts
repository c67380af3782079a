// Effect handlers: interceptions through the router (one in flight per waybill), money and notices through the platform port, hub work orders.
import type { Clock } from '../clock/clock.ts';
import type { Address } from '../carrier/model.ts';
import { CarrierError } from '../carrier/errors.ts';
import type { Store } from '../store/connect.ts';
import { EffectsRepository } from '../store/repos/effects.ts';
import type { WebhookPort } from '../merchants/webhook-port.ts';
import { WebhookError } from '../merchants/webhook-port.ts';
import type { CaseEventInput } from '../cases/events.ts';
import type { EffectHandlers, HandlerResult } from './runner.ts';
import type { InterceptRouter } from '../cases/router.ts';

/** Dependencies of the handlers. */
export interface HandlerDeps {
  store: Store;
  clock: Clock;
  router?: InterceptRouter;
  /** The generic mode's webhook port per merchant (undefined: that merchant has none). */
  webhook?: (merchantId: string) => WebhookPort | undefined;
  /** Merchant of a case (handlers are told the case id of the effect row they run). */
  merchantOf: (caseId: string) => Promise<string>;
  /** Receiver phone digits per waybill, for carriers that need them. */
  phoneOf?: (waybillNo: string) => Promise<string | undefined>;
  /** Where a merchant's intercepted parcels go back to (SF needs the address for a return). */
  returnAddressOf?: (merchantId: string) => Address | undefined;
}

/** A handler error with the runner's retryability. */
class HandlerError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

function fromError(error: unknown): never {
  if (error instanceof CarrierError) throw new HandlerError(error.message, error.retryable);
  if (error instanceof WebhookError) throw new HandlerError(error.message, error.retryable);
  throw error;
}

/** Builds the handler table. */
export function createEffectHandlers(deps: HandlerDeps): EffectHandlers {
  const now = () => deps.clock.now().toISOString();
  const effects = new EffectsRepository(deps.store);
  const webhookFor = async (caseId: string) => {
    const port = deps.webhook?.(await deps.merchantOf(caseId));
    if (!port) throw new HandlerError(`no webhook configured for the merchant of case ${caseId}`, false);
    return port;
  };

  return {
    AGREE_REFUND: {
      money: true,
      async run(effect, { caseId }) {
        if (effect.via !== 'WEBHOOK') throw new HandlerError('refunds through the platform API are done by the Douyin adapter', false);
        const port = await webhookFor(caseId);
        const answer = await port
          .send({
            idempotencyKey: effect.idempotencyKey,
            action: 'refund',
            caseId,
            afterSaleId: effect.afterSaleId,
            amountFen: effect.amountFen,
            reason: effect.reason,
          })
          .catch(fromError);
        const events: CaseEventInput[] = answer.outcome === 'DONE' ? [{ type: 'REFUNDED', at: now() }] : [];
        return { events, result: answer };
      },
      async reconcile(effect, { caseId }) {
        const port = await webhookFor(caseId);
        const status = await port.status(effect.idempotencyKey).catch(fromError);
        return status === 'DONE' ? 'DONE' : 'NOT_FOUND';
      },
      onReconciledDone: () => ({ events: [{ type: 'REFUNDED', at: now() }] }),
    },
    AGREE_REFUSE_SIGN: {
      money: true,
      async run(effect, { caseId }) {
        if (effect.via !== 'WEBHOOK') throw new HandlerError('operate 203 is done by the Douyin adapter', false);
        const answer = await (await webhookFor(caseId))
          .send({
            idempotencyKey: effect.idempotencyKey,
            action: 'agree-refuse-sign',
            caseId,
            afterSaleId: effect.afterSaleId,
            reason: effect.reason,
          })
          .catch(fromError);
        return { events: [], result: answer };
      },
      async reconcile(effect, { caseId }) {
        const status = await (await webhookFor(caseId)).status(effect.idempotencyKey).catch(fromError);
        return status === 'DONE' ? 'DONE' : 'NOT_FOUND';
      },
    },
    REJECT_REFUND: {
      money: true,
      async run(effect, { caseId }) {
        if (effect.via !== 'WEBHOOK') throw new HandlerError('operate 202 is done by the Douyin adapter', false);
        const answer = await (await webhookFor(caseId))
          .send({
            idempotencyKey: effect.idempotencyKey,
            action: 'reject',
            caseId,
            afterSaleId: effect.afterSaleId,
            reason: effect.reason,
            detail: { advice: effect.advice },
          })
          .catch(fromError);
        return { events: [], result: answer };
      },
      async reconcile(effect, { caseId }) {
        const status = await (await webhookFor(caseId)).status(effect.idempotencyKey).catch(fromError);
        return status === 'DONE' ? 'DONE' : 'NOT_FOUND';
      },
    },
    NOTIFY_WEBHOOK: {
      async run(effect, { caseId }) {
        const answer = await (await webhookFor(caseId))
          .send({
            idempotencyKey: effect.idempotencyKey,
            action: 'notify',
            caseId,
            afterSaleId: '',
            reason: effect.reason,
            detail: { topic: effect.topic, target: effect.target },
          })
          .catch(fromError);
        return { events: [], result: answer };
      },
    },
    INTERCEPT: {
      async run(effect, { caseId, attempt = 1 }): Promise<HandlerResult> {
        if (effect.route.kind === 'OFFLINE') return { events: [] };
        // One interception in flight per waybill across routes and cases: the lock row is taken
        // with the decision (persistence.ts); another interception's lock means a duplicate.
        const readLock = () => effects.interceptLock(effect.waybillNo);
        let lock = await readLock();
        if (!lock) {
          // Held by another interception at decision time and freed since: take it now.
          await effects.takeInterceptLock({
            waybill_no: effect.waybillNo,
            case_id: caseId,
            interception_id: effect.interceptionId,
            route: effect.route.kind,
            locked_at: now(),
          });
          lock = await readLock();
        }
        if (lock && lock.interception_id !== effect.interceptionId) {
          return {
            events: [
              { type: 'INTERCEPT_REPLY', interceptionId: effect.interceptionId, at: now(), state: 'REJECTED', refusal: 'DUPLICATE' },
            ],
            result: { lockedBy: lock },
          };
        }
        const merchantId = await deps.merchantOf(caseId);
        const client = deps.router?.clientFor(merchantId, effect.route);
        // A route that cannot take the request at all (no account, a request it refuses as invalid,
        // credentials it rejects) is a refusal by that route: the case may then try the next route.
        // Transient errors are retried by the runner.
        const refusedByRoute = (message: string): HandlerResult => ({
          events: [
            { type: 'INTERCEPT_REPLY', interceptionId: effect.interceptionId, at: now(), state: 'REJECTED', refusal: 'ROUTE_UNAVAILABLE' },
          ],
          result: { refusedByRoute: message },
        });
        if (!client?.intercept) return refusedByRoute(`no ${effect.route.kind} account for merchant ${merchantId}`);
        const phoneLast4 = await deps.phoneOf?.(effect.waybillNo);
        const address =
          effect.kind === 'RETURN_TO_SENDER' || effect.kind === 'RETURN_TO_ADDRESS' ? deps.returnAddressOf?.(merchantId) : undefined;
        let reply: Awaited<ReturnType<typeof client.intercept>>;
        try {
          reply = await client.intercept({
            waybillNo: effect.waybillNo,
            carrierId: effect.carrierId,
            kind: effect.kind,
            reason: '买家申请仅退款，拦截退回',
            idempotencyKey: effect.idempotencyKey.slice(-64).padStart(8, '0'),
            phoneLast4,
            context: effect.context,
            ...(address ? { address } : {}),
          });
        } catch (error) {
          if (error instanceof CarrierError && !error.retryable) return refusedByRoute(error.message);
          return fromError(error);
        }
        // A retry whose carrier says "this parcel already has an interception request": the request is ours, sent
        // by the earlier attempt whose runner died or lost the answer (lanjie holds the waybill's one interception lock).
        if (attempt > 1 && reply.state === 'REJECTED' && reply.refusal === 'DUPLICATE')
          return {
            events: [{ type: 'INTERCEPT_REPLY', interceptionId: effect.interceptionId, at: now(), state: 'ACCEPTED' }],
            result: { acceptedOnRetry: { attempt, carrierAnswer: reply.raw } },
          };
        const event: CaseEventInput = { type: 'INTERCEPT_REPLY', interceptionId: effect.interceptionId, at: now(), state: reply.state };
        if (reply.refusal) event.refusal = reply.refusal;
        if (reply.carrierRef) event.carrierRef = reply.carrierRef;
        if (reply.cost) event.cost = reply.cost;
        return { events: [event], result: reply.raw };
      },
    },
    CANCEL_INTERCEPTION: {
      async run(effect, { caseId }) {
        const client = deps.router?.clientFor(await deps.merchantOf(caseId), effect.route);
        if (effect.route.kind === 'OFFLINE' || !client?.cancelIntercept) {
          return {
            events: [{ type: 'INTERCEPT_CANCEL_REPLY', interceptionId: effect.interceptionId, at: now(), state: 'REJECTED' }],
            result: { reason: 'route cannot cancel' },
          };
        }
        const reply = await client
          .cancelIntercept({
            waybillNo: effect.waybillNo,
            carrierId: effect.carrierId,
            idempotencyKey: effect.interceptIdempotencyKey.slice(-64).padStart(8, '0'),
            reason: '买家取消售后',
          })
          .catch(fromError);
        return {
          events: [{ type: 'INTERCEPT_CANCEL_REPLY', interceptionId: effect.interceptionId, at: now(), state: reply.state }],
          result: reply.raw,
        };
      },
    },
    OPEN_COMPLAINT: {
      async run(effect, { caseId }) {
        const client = deps.router?.clientFor(await deps.merchantOf(caseId), { kind: 'KUAIDI100' });
        if (!client?.fileComplaint) throw new HandlerError('no Kuaidi100 account with work orders for this merchant', false);
        const result = await client
          .fileComplaint({
            waybillNo: effect.waybillNo,
            kind:
              effect.reason === 'INTERCEPT_BREACHED'
                ? 'INTERCEPT_BREACHED'
                : effect.reason === 'RETURN_SIGNED_BY_OTHER'
                  ? 'RETURN_SIGNED_BY_OTHER'
                  : 'NOT_RETURNED',
            description: `拦截件未退回 (${effect.reason})`,
            idempotencyKey: effect.complaintId.slice(-64).padStart(8, '0'),
          })
          .catch(fromError);
        return {
          events: [{ type: 'COMPLAINT_UPDATED', complaintId: effect.complaintId, at: now(), status: 'OPEN', hubRef: result.ref }],
          result: result.raw,
        };
      },
    },
  };
}
