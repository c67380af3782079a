// Message push intake: signature, storage before the reply, msg_id deduplication, every tag to its case event, and reconciliation of lost pushes.
import { afterEach, describe, expect, it } from 'vitest';
import type { Case } from '../../src/cases/index.ts';
import { DOUYIN_INBOX_SOURCE, DouyinReconciler } from '../../src/platform/douyin/index.ts';
import { watermarkKey } from '../../src/platform/douyin/reconciler.ts';
import { douyinFixture, HOUR, SHOP, type DouyinFixture } from './fixture.ts';

let f: DouyinFixture | undefined;
afterEach(async () => {
  await f?.dispose();
  f = undefined;
});

const inbox = async (fx: DouyinFixture) =>
  fx.t.store.db.selectFrom('inbox').selectAll().where('source', '=', DOUYIN_INBOX_SOURCE).execute();
const eventTypes = async (fx: DouyinFixture, caseId: string) =>
  await fx.t.store.db.selectFrom('case_events').select(['type', 'fingerprint']).where('case_id', '=', caseId).orderBy('id').execute();
const getCase = async (fx: DouyinFixture, caseId: string): Promise<Case> => (await fx.coordinator.service.get(caseId))!;

describe('douyin message intake', () => {
  it('a bad signature is refused and nothing is stored', async () => {
    f = await douyinFixture();
    f.apply(1);
    const log = await f.sim.pushes.deliver({ forgeSecret: 'not-the-app-secret' });
    expect(log.answers).toEqual([{ status: 401, body: '{"code":1,"msg":"invalid event-sign"}' }]);
    expect(await inbox(f)).toEqual([]);
    expect(f.sim.pushes.pending).toHaveLength(1);
    const missing = await f.intake.receive({ headers: {}, query: {}, body: '[]' });
    expect(missing.reply.status).toBe(401);
    expect(await f.t.store.db.selectFrom('cases').select('id').execute()).toEqual([]);
  });

  it('stores before replying, replies {"code":0,"msg":"success"}, and a duplicate msg_id is stored once', async () => {
    f = await douyinFixture();
    const { caseId } = f.apply(1);
    const message = f.sim.pushes.pending[0]!;
    const push = f.sim.pushes.build([message]);
    const first = await f.intake.receive({ headers: push.headers, query: {}, body: push.body });
    expect(first).toMatchObject({ reply: { status: 200, body: '{"code":0,"msg":"success"}' }, stored: 1, duplicates: 0 });
    // Stored, not yet processed: the reply did not wait for the platform.
    expect((await inbox(f)).map((r) => [r.dedupe_key, r.processed_at])).toEqual([[message.msg_id, null]]);
    const again = await f.intake.receive({ headers: push.headers, query: {}, body: push.body });
    expect(again).toMatchObject({ stored: 0, duplicates: 1, reply: { status: 200 } });
    await f.sim.pushes.deliver({ duplicate: true });
    expect(await inbox(f)).toHaveLength(1);
    await f.intake.processPending();
    expect((await inbox(f))[0]!.processed_at).not.toBeNull();
    expect((await getCase(f, caseId)).status).toBe('OPEN');
  });

  it('every tag becomes its case event', async () => {
    f = await douyinFixture();
    const a = f.apply(1);
    await f.sim.pushes.deliver();
    // 200: the case opens from the detail.
    let c = await getCase(f, a.caseId);
    expect(c).toMatchObject({
      mode: 'douyin',
      afterSaleId: a.afterSaleId,
      refundAmountFen: 12_900,
      reason: 'NOT_RECEIVED',
      status: 'OPEN',
    });
    expect(c.shipments.map((s) => [s.id, s.carrierId])).toEqual([[a.waybillNo, 'zto']]);
    expect(c.appliedAt).toBe(f.clock.now().toISOString());
    // 209 (automatic agreement after 5 s): the platform deadline, and agree_refuse_sign read from the detail.
    f.clock.advance(10_000);
    await f.sim.tick();
    c = await getCase(f, a.caseId);
    expect(c.status).toBe('REFUSE_SIGN_AGREED');
    expect(c.agreement.by).toBe('PLATFORM');
    expect(c.deadline.duePlatform).toBe(new Date(f.clock.nowMs() + 7 * 24 * HOUR).toISOString().replace(/\.\d{3}Z$/, '.000Z'));
    // 208: buyer modified the amount.
    f.sim.buyerModify(a.afterSaleId, 9_900);
    // 212: arbitration opened; 216: closed.
    f.sim.openArbitration(a.afterSaleId);
    await f.sim.pushes.deliver();
    c = await getCase(f, a.caseId);
    expect(c.refundAmountFen).toBe(9_900);
    expect(c.arbitration?.status).toBe('OPENED');
    f.sim.pushRaw('216', { aftersale_id: a.afterSaleId, shop_id: SHOP, arbitrate_id: `arb-${a.afterSaleId}`, arbitrate_status: 255 });
    // 202 / 203: return flow → the detail is read again.
    const detailsBefore = f.sim.stats.byOperation['afterSale.Detail'] ?? 0;
    f.sim.pushRaw('202', { aftersale_id: a.afterSaleId, shop_id: SHOP });
    f.sim.pushRaw('203', { aftersale_id: a.afterSaleId, shop_id: SHOP });
    // 104: logistics changed → the parcel is due for tracking now.
    await f.t.store.db.updateTable('shipments').set({ next_poll_at: '2099-01-01T00:00:00.000Z' }).execute();
    f.sim.pushRaw('104', { shop_id: SHOP, p_id: c.orderId, logistics_msg: { logistics_code: a.waybillNo, express_company_id: '7' } });
    await f.sim.pushes.deliver();
    c = await getCase(f, a.caseId);
    expect(c.arbitration?.status).toBe('CLOSED');
    expect((f.sim.stats.byOperation['afterSale.Detail'] ?? 0) - detailsBefore).toBe(2);
    expect((await f.t.store.db.selectFrom('shipments').select('next_poll_at').execute()).map((r) => r.next_poll_at)).toEqual([
      f.clock.now().toISOString(),
    ]);
    // 201 + 206: refund agreed and refunded (here by the merchant in the back end) → REFUNDED.
    const b = f.apply(2);
    await f.sim.pushes.deliver();
    f.sim.platformRefund(b.afterSaleId);
    await f.sim.pushes.deliver();
    expect((await getCase(f, b.caseId)).status).toBe('REFUNDED');
    expect((await eventTypes(f, b.caseId)).filter((e) => e.type === 'REFUNDED').map((e) => e.fingerprint)).toEqual([
      `douyin:${b.afterSaleId}:REFUNDED`,
    ]);
    // 207 after the buyer withdrew: CLOSED with cause BUYER_CANCELLED.
    const d = f.apply(3);
    await f.sim.pushes.deliver();
    f.sim.buyerCancel(d.afterSaleId);
    await f.sim.pushes.deliver();
    expect((await getCase(f, d.caseId)).closed?.cause).toBe('BUYER_CANCELLED');
    // 204 / 205: the merchant rejected → CLOSED with cause REJECTED.
    const e = f.apply(4);
    await f.sim.pushes.deliver();
    f.sim.pushRaw('204', { aftersale_id: e.afterSaleId, shop_id: SHOP, aftersale_status: 27 });
    await f.sim.pushes.deliver();
    expect((await getCase(f, e.caseId)).closed?.cause).toBe('REJECTED');
    const types = (await eventTypes(f, a.caseId)).map((x) => x.type);
    for (const t of ['PLATFORM_DEADLINE_CHANGED', 'REFUSE_SIGN_AGREED', 'BUYER_MODIFIED', 'ARBITRATION']) expect(types).toContain(t);
  });

  it('a tag from an unknown shop is stored, processed and changes nothing', async () => {
    f = await douyinFixture();
    f.sim.pushRaw('206', { aftersale_id: 1, shop_id: 999 });
    await f.sim.pushes.deliver();
    const processed = await f.intake.processPending();
    expect(processed).toEqual([]);
    expect((await inbox(f))[0]!.processed_at).not.toBeNull();
    expect(await f.t.store.db.selectFrom('cases').select('id').execute()).toEqual([]);
  });

  it('a restarted reconciler goes on from the stored watermark instead of listing the whole look-back again', async () => {
    f = await douyinFixture();
    const a = f.apply(1);
    await f.sim.pushes.deliver();
    f.clock.advance(10 * 60_000);
    expect(await f.reconciler.poll()).toMatchObject({ listed: 1, failed: 0 });
    // What that poll applied made the platform update the after-sale (update_time moved): the next poll lists it again.
    f.clock.advance(10 * 60_000);
    expect(await f.reconciler.poll()).toMatchObject({ listed: 1, applied: 0, failed: 0 });
    const [mark] = await f.t.store.db.selectFrom('settings').select('value').where('key', '=', watermarkKey('m-1')).execute();
    expect(Number(mark!.value)).toBe(Math.floor(f.clock.nowMs() / 1000));
    // A new process (same store): nothing changed since the watermark, so the after-sale is not listed again.
    f.clock.advance(2 * HOUR);
    const restarted = new DouyinReconciler({ store: f.t.store, clock: f.clock, merchants: f.merchants, cases: f.coordinator });
    expect(await restarted.poll()).toMatchObject({ listed: 0, failed: 0 });
    // A change after the watermark is listed and read.
    f.sim.platformRefund(a.afterSaleId);
    f.clock.advance(60_000);
    expect((await restarted.poll()).listed).toBe(1);
  });

  it('dropped pushes are recovered by reconciliation, with the same fingerprints', async () => {
    f = await douyinFixture();
    // The buyer's application (200) is lost.
    const a = f.apply(1);
    await f.sim.pushes.deliver({ drop: () => true });
    expect(await f.t.store.db.selectFrom('cases').select('id').execute()).toEqual([]);
    let round = await f.reconciler.poll();
    expect(round).toMatchObject({ opened: 1, failed: 0 });
    expect((await getCase(f, a.caseId)).status).toBe('OPEN');
    // The agreement's 209 and the refund's 201/206 are lost too.
    f.clock.advance(10_000);
    await f.sim.tick({ drop: () => true });
    f.sim.platformRefund(a.afterSaleId);
    await f.sim.pushes.deliver({ drop: (m) => m.tag === '206' || m.tag === '201' });
    expect((await getCase(f, a.caseId)).status).toBe('OPEN');
    f.clock.advance(60_000);
    round = await f.reconciler.poll();
    expect(round.applied).toBeGreaterThan(0);
    const c = await getCase(f, a.caseId);
    expect(c.status).toBe('REFUNDED');
    expect(c.agreement.agreedAt).toBeDefined();
    // A late duplicate of the lost push changes nothing: same fingerprint.
    f.sim.pushRaw('206', { aftersale_id: a.afterSaleId, shop_id: SHOP, success_time: Math.floor(f.clock.nowMs() / 1000) });
    await f.sim.pushes.deliver();
    const refunded = (await eventTypes(f, a.caseId)).filter((e) => e.type === 'REFUNDED');
    expect(refunded).toHaveLength(1);
    // Nothing new: a second poll applies nothing.
    f.clock.advance(60_000);
    expect((await f.reconciler.poll()).applied).toBe(0);
  });
});
