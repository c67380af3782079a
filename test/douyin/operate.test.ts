// After-sale operate through the coordinator: version conflict → refetch → re-decide, "already refunded" as success, 11001 → support task, dry-run, 203 and 202.
import { afterEach, describe, expect, it } from 'vitest';
import { operate, type DouyinAccount } from '../../src/platform/douyin/index.ts';
import { DouyinAccounts } from '../../src/platform/douyin/index.ts';
import { douyinFixture, type DouyinFixture } from './fixture.ts';

let f: DouyinFixture | undefined;
afterEach(async () => {
  await f?.dispose();
  f = undefined;
});

/** Opens the case from the push, then the merchant records the return: the rules issue AGREE_REFUND via PLATFORM_API. */
async function driveToRefund(fx: DouyinFixture, n: number, options: { notOpen?: boolean } = {}) {
  const a = fx.apply(n, options);
  await fx.sim.pushes.deliver();
  const at = fx.clock.now().toISOString();
  await fx.coordinator.apply(a.caseId, {
    type: 'TRACKING_UPDATE',
    waybillNo: a.waybillNo,
    carrierId: 'zto',
    found: true,
    events: [{ kind: 'COLLECTED', at, description: '揽收', rawCode: '1' }],
  });
  await fx.coordinator.apply(a.caseId, { type: 'RECORD_RETURN', shipmentId: a.waybillNo, at, outcome: 'RECEIVED' });
  const effect = await fx.t.store.db
    .selectFrom('effects')
    .selectAll()
    .where('case_id', '=', a.caseId)
    .where('type', '=', 'AGREE_REFUND')
    .executeTakeFirstOrThrow();
  expect(JSON.parse(effect.payload_json)).toMatchObject({
    via: 'PLATFORM_API',
    afterSaleId: a.afterSaleId,
    idempotencyKey: `${a.caseId}:refund:${a.afterSaleId}`,
  });
  return a;
}

const refundEffect = async (fx: DouyinFixture, caseId: string) => {
  const row = await fx.t.store.db
    .selectFrom('effects')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('type', '=', 'AGREE_REFUND')
    .executeTakeFirstOrThrow();
  return { ...row, result: JSON.parse(row.result_json ?? 'null') as { note?: string; result: Record<string, unknown> } | null };
};

describe('douyin after-sale operate', () => {
  it('a version conflict is answered by reading the after-sale again and re-deciding: sent once more with the fresh update_time', async () => {
    f = await douyinFixture();
    const a = await driveToRefund(f, 1);
    let bumped = false;
    f.sim.beforeOperate = (ids) => {
      if (!bumped && ids.includes(a.afterSaleId)) {
        bumped = true;
        f!.sim.buyerModify(a.afterSaleId);
      }
    };
    await f.coordinator.tick();
    expect(f.sim.ledger.map((e) => e.outcome)).toEqual(['VERSION_CONFLICT', 'PERFORMED']);
    expect(f.sim.ledger[1]!.updateTime).toBeGreaterThan(f.sim.ledger[0]!.updateTime!);
    expect(f.sim.refunds.get(a.afterSaleId)).toBe(1);
    const effect = await refundEffect(f, a.caseId);
    expect(effect.status).toBe('DONE');
    expect(effect.result!.result).toMatchObject({ outcome: 'PERFORMED', action: 'refund', conflicts: [f.sim.ledger[0]!.updateTime] });
    expect((await f.coordinator.service.get(a.caseId))!.status).toBe('REFUNDED');
  });

  it('"already refunded" counts as success: the platform refunded first, lanjie records it and sends nothing more', async () => {
    f = await douyinFixture();
    const a = await driveToRefund(f, 2);
    f.sim.beforeOperate = (ids) => {
      if (ids.includes(a.afterSaleId)) f!.sim.platformRefund(a.afterSaleId);
    };
    await f.coordinator.tick();
    // The platform answered 售后状态错误 (the refund moved the version on: state, not deduplication) and counted the call.
    expect(f.sim.ledger.map((e) => e.outcome)).toEqual(['VERSION_CONFLICT']);
    expect(f.sim.refunds.get(a.afterSaleId)).toBe(1);
    const effect = await refundEffect(f, a.caseId);
    expect([effect.status, effect.result!.result.outcome]).toEqual(['DONE', 'ALREADY_DONE']);
    expect((await f.coordinator.service.get(a.caseId))!.status).toBe('REFUNDED');
    // A second 201 on the refunded after-sale: the simulator answers by state again and counts it.
    const account = new DouyinAccounts(f.merchants, f.clock).get('m-1')!;
    const again = await account.api.envelope('/afterSale/operate', { type: 201, items: [{ aftersale_id: a.afterSaleId }] }, 'operate');
    expect(again.sub_code).toBe('isv.business-failed:20309541');
    expect(f.sim.ledger.map((e) => e.outcome)).toEqual(['VERSION_CONFLICT', 'STATUS_ERROR']);
    expect(f.sim.refunds.get(a.afterSaleId)).toBe(1);
  });

  it('11001 (not open to the API) becomes a support task; nothing is retried', async () => {
    f = await douyinFixture();
    const a = await driveToRefund(f, 3, { notOpen: true });
    await f.coordinator.tick();
    await f.coordinator.tick();
    expect(f.sim.ledger.map((e) => e.outcome)).toEqual(['NOT_OPEN']);
    const effect = await refundEffect(f, a.caseId);
    expect([effect.status, effect.result!.result.outcome]).toEqual(['DONE', 'MANUAL_REQUIRED']);
    const c = (await f.coordinator.service.get(a.caseId))!;
    expect(c.supportTasks).toEqual([expect.objectContaining({ kind: 'PLATFORM_MANUAL_REQUIRED', target: 'refund', status: 'OPEN' })]);
    expect(f.sim.refunds.get(a.afterSaleId)).toBeUndefined();
  });

  it('dry-run (merchant not write-enabled) sends nothing and records what it would have sent', async () => {
    f = await douyinFixture({ writeEnabled: false });
    const a = await driveToRefund(f, 4);
    await f.coordinator.tick();
    expect(f.sim.ledger).toEqual([]);
    expect(f.sim.stats.byOperation['afterSale.operate']).toBeUndefined();
    const effect = await refundEffect(f, a.caseId);
    expect(effect.status).toBe('DONE');
    const result = effect.result!.result as { outcome: string; wouldSend: { url: string; params: Record<string, string>; body: string } };
    expect(result.outcome).toBe('DRY_RUN');
    expect(result.wouldSend.url).toBe('https://douyin.fixture.test/afterSale/operate');
    expect(result.wouldSend.params).toMatchObject({ method: 'afterSale.operate', v: '2', sign_method: 'hmac-sha256', access_token: '***' });
    expect(JSON.parse(result.wouldSend.body)).toEqual({
      items: [{ aftersale_id: a.afterSaleId, update_time: f.sim.afterSales.get(a.afterSaleId)!.updateTime }],
      type: 201,
    });
    expect((await f.coordinator.service.get(a.caseId))!.status).toBe('REFUND_ISSUED');
  });

  it('203 is sent only where enabled, while the platform has not agreed; after a decline it is never sent', async () => {
    f = await douyinFixture({ rules: { douyinAgreeRefuseSignOurselves: true }, autoAgreeAfterMs: 10 * 24 * 3_600_000 });
    const a = f.apply(5);
    const b = f.apply(6);
    await f.sim.pushes.deliver();
    f.sim.decline(b.afterSaleId);
    await f.reconciler.poll();
    expect((await f.coordinator.service.get(b.caseId))!.agreement.declinedAt).toBeDefined();
    f.clock.advance(3_600_000);
    await f.coordinator.tick();
    await f.coordinator.tick();
    expect(f.sim.ledger.map((e) => [e.type, e.afterSaleId, e.outcome])).toEqual([[203, a.afterSaleId, 'PERFORMED']]);
    expect(f.sim.afterSales.get(a.afterSaleId)!.agreeRefuseSign).toBe(1);
    expect(f.sim.afterSales.get(b.afterSaleId)!.agreeRefuseSign).toBe(2);
    const c = (await f.coordinator.service.get(a.caseId))!;
    expect(c.agreement.agreedAt).toBeDefined();
  });

  it('202 sends the configured reject reason code, evidence and advice; without a code it refuses to reject', async () => {
    f = await douyinFixture({
      merchant: {
        accounts: {
          douyin: {
            baseUrl: 'https://douyin.fixture.test',
            appKey: 'douyin-sandbox-app',
            appSecret: 'douyin-sandbox-secret-0123456789',
            accessToken: 'douyin-sandbox-token',
            shopId: '880001',
            rejectReasonCode: 93,
            rejectEvidence: [{ type: 4, url: '', desc: '物流已签收' }],
          },
        },
      },
    });
    const a = f.apply(7);
    const account = new DouyinAccounts(f.merchants, f.clock).get('m-1') as DouyinAccount;
    const dry = await operate(account, { action: 'reject', afterSaleId: a.afterSaleId, write: false }, f.clock);
    const body = JSON.parse((dry.result as { wouldSend: { body: string } }).wouldSend.body) as {
      type: number;
      items: Record<string, unknown>[];
    };
    expect(body.type).toBe(202);
    expect(body.items[0]).toMatchObject({
      reject_reason_code: 93,
      evidence: [{ type: 4, url: '', desc: '物流已签收' }],
      remark: expect.stringContaining('退货退款'),
    });
    const done = await operate(account, { action: 'reject', afterSaleId: a.afterSaleId, write: true }, f.clock);
    expect(done.result).toMatchObject({ outcome: 'PERFORMED' });
    expect(f.sim.afterSales.get(a.afterSaleId)!.status).toBe(27);
    const plain = { ...account, config: { ...account.config, rejectReasonCode: undefined } };
    await expect(operate(plain, { action: 'reject', afterSaleId: f.apply(8).afterSaleId, write: true }, f.clock)).rejects.toMatchObject({
      retryable: false,
    });
  });
});

describe('douyin FETCH_AFTER_SALE', () => {
  it('at the deadline lanjie reads the after-sale and records what the platform did (here: a refund whose push was lost)', async () => {
    f = await douyinFixture({ autoAgreeAfterMs: 10 * 24 * 3_600_000 });
    const a = f.apply(9);
    await f.sim.pushes.deliver();
    f.sim.platformRefund(a.afterSaleId);
    await f.sim.pushes.deliver({ drop: () => true });
    f.clock.advance(48 * 3_600_000 + 1_000);
    await f.coordinator.tick();
    await f.coordinator.tick();
    const fetch = await f.t.store.db
      .selectFrom('effects')
      .selectAll()
      .where('case_id', '=', a.caseId)
      .where('type', '=', 'FETCH_AFTER_SALE')
      .executeTakeFirstOrThrow();
    expect(fetch.status).toBe('DONE');
    expect(JSON.parse(fetch.result_json!).result).toMatchObject({ outcome: 'FETCHED' });
    const c = (await f.coordinator.service.get(a.caseId))!;
    expect(c.status).toBe('REFUNDED');
    expect(f.sim.ledger).toEqual([]);
  });
});
