// A generic-mode coordinator wired to a merchant webhook: shared by the crash worker and the in-process tests.
import { systemClock, type Clock } from '../../src/clock/index.ts';
import { DEFAULT_RULES } from '../../src/cases/index.ts';
import { CaseService, EffectRunner, createEffectHandlers, type OpenCaseRequest } from '../../src/coordinator/index.ts';
import { WebhookConfigSchema, WebhookPort } from '../../src/merchants/webhook-port.ts';
import type { Store } from '../../src/store/index.ts';

export const WEBHOOK_SECRET = 'merchant-webhook-secret-0001';

/** A generic-mode case whose merchant records the return: the rules then instruct the refund by webhook. */
export function genericCase(n: number, appliedAt: string): OpenCaseRequest {
  const waybillNo = `7310${String(n).padStart(10, '0')}`;
  return {
    caseId: `gcase-${n}`,
    platform: 'shop',
    mode: 'generic',
    merchantId: 'm-1',
    merchantType: 'DOMESTIC',
    afterSaleId: `gas-${n}`,
    orderId: `go-${n}`,
    appliedAt,
    refundAmountFen: 5000 + n,
    reason: 'NOT_RECEIVED',
    categoryId: 'cat-1',
    skuOrders: [{ skuOrderId: `gsku-${n}`, amountFen: 5000 + n, refunded: true }],
    shipments: [{ waybillNo, carrierId: 'zto', skuOrderIds: [`gsku-${n}`] }],
    phones: { [waybillNo]: '1234' },
  };
}

/** Opens the case and feeds the facts that lead to a refund instruction in the outbox. */
export async function driveToRefund(service: CaseService, n: number, clock: Clock): Promise<void> {
  const req = genericCase(n, clock.now().toISOString());
  await service.open(req);
  const waybillNo = req.shipments[0]!.waybillNo;
  await service.apply(req.caseId, {
    type: 'TRACKING_UPDATE',
    waybillNo,
    carrierId: 'zto',
    found: true,
    events: [{ kind: 'COLLECTED', at: clock.now().toISOString(), description: '收件', rawCode: 'GOT' }],
  });
  await service.apply(req.caseId, { type: 'RECORD_RETURN', shipmentId: waybillNo, at: clock.now().toISOString(), outcome: 'RECEIVED' });
  // The rules re-check tracking before a refund: the re-check answer.
  await service.apply(req.caseId, {
    type: 'TRACKING_UPDATE',
    waybillNo,
    carrierId: 'zto',
    found: true,
    events: [
      { kind: 'COLLECTED', at: clock.now().toISOString(), description: '收件', rawCode: 'GOT' },
      { kind: 'RETURNED', at: clock.now().toISOString(), description: '退件签收', rawCode: 'RETURN_SIGNED' },
    ],
  });
}

/** A runner whose money calls go to the merchant's webhook at `url`. */
export function genericRunner(
  store: Store,
  url: string,
  options: { clock?: Clock; leaseMs?: number; backoffMs?: number; batch?: number } = {},
): { service: CaseService; runner: EffectRunner } {
  const clock = options.clock ?? systemClock;
  const service = new CaseService({ store, clock, rules: DEFAULT_RULES });
  const port = new WebhookPort(WebhookConfigSchema.parse({ url, secret: WEBHOOK_SECRET, dryRun: false, timeoutMs: 2000 }), clock);
  const handlers = createEffectHandlers({
    store,
    clock,
    webhook: () => port,
    merchantOf: async (caseId) =>
      (await store.db.selectFrom('cases').select('merchant_id').where('id', '=', caseId).executeTakeFirstOrThrow()).merchant_id,
  });
  const runner = new EffectRunner({
    store,
    clock,
    service,
    handlers,
    leaseMs: options.leaseMs ?? 30_000,
    backoffMs: options.backoffMs ?? 1_000,
    ...(options.batch ? { batch: options.batch } : {}),
  });
  return { service, runner };
}
