// An interception retried after its runner died: when the carrier answers "this parcel already has an interception request" to a second attempt, the request is lanjie's own earlier one and the interception is accepted; to a first attempt the same answer stays a refusal.
import { describe, expect, it } from 'vitest';
import { TestClock } from '../../src/clock/index.ts';
import { createEffectHandlers } from '../../src/coordinator/index.ts';
import type { InterceptEffect } from '../../src/cases/effects.ts';
import { openStore } from '../../src/store/index.ts';

const effect: InterceptEffect = {
  type: 'INTERCEPT',
  interceptionId: 'int-1',
  idempotencyKey: 'case-1:intercept:73100000000001:1',
  shipmentId: 'sh-1',
  waybillNo: '73100000000001',
  carrierId: 'zto',
  route: { kind: 'CARRIER_API', carrierId: 'zto' },
  channel: 'CARRIER_API',
  kind: 'RETURN_TO_SENDER',
  context: { platform: 'shop', afterSaleId: 'as-1', skuOrderIds: ['sku-1'] },
};

async function handlersAnsweringDuplicate() {
  const store = await openStore({ url: 'sqlite::memory:' });
  const calls: unknown[] = [];
  const client = {
    async intercept(request: unknown) {
      calls.push(request);
      return {
        state: 'REJECTED' as const,
        refusal: 'DUPLICATE' as const,
        message: '已有退改件',
        carrierCode: 'E23123',
        raw: { code: 'E23123' },
      };
    },
  };
  const handlers = createEffectHandlers({
    store,
    clock: new TestClock('2026-06-01T02:00:00.000Z'),
    router: { clientFor: () => client } as never,
    merchantOf: async () => 'm-1',
  });
  return { store, handlers, calls };
}

describe('INTERCEPT retried after a lost answer', () => {
  it('a second attempt answered DUPLICATE is the earlier attempt’s request: ACCEPTED', async () => {
    const { store, handlers, calls } = await handlersAnsweringDuplicate();
    const result = await handlers.INTERCEPT!.run(effect, { caseId: 'case-1', effectId: 'e-1', attempt: 2 });
    expect(calls).toHaveLength(1);
    expect(result.events).toEqual([
      { type: 'INTERCEPT_REPLY', interceptionId: 'int-1', at: '2026-06-01T02:00:00.000Z', state: 'ACCEPTED' },
    ]);
    expect(result.result).toEqual({ acceptedOnRetry: { attempt: 2, carrierAnswer: { code: 'E23123' } } });
    await store.close();
  });

  it('a first attempt answered DUPLICATE stays a refusal (another request, not ours, is at the carrier)', async () => {
    const { store, handlers } = await handlersAnsweringDuplicate();
    const result = await handlers.INTERCEPT!.run(effect, { caseId: 'case-1', effectId: 'e-1', attempt: 1 });
    expect(result.events).toEqual([
      { type: 'INTERCEPT_REPLY', interceptionId: 'int-1', at: '2026-06-01T02:00:00.000Z', state: 'REJECTED', refusal: 'DUPLICATE' },
    ]);
    await store.close();
  });
});
