// Support tasks close themselves when their cause is gone: a resolved complaint, a parcel delivered or coming back, a final case.
import { describe, expect, it } from 'vitest';
import { WAYBILL, bjIso, codes, continueRun, ev, input, run, track } from './helpers.ts';

const moving = track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('IN_TRANSIT', '2024-06-01 09:00:00')]);

describe('support tasks that close themselves', () => {
  it('resolving a complaint closes its RETURN_OVERDUE task, with the reason shown', () => {
    const opened = run(input(), '2024-06-01 10:00:00', [
      [moving, '2024-06-01 10:00:01'],
      [{ type: 'COMPLAINT_REQUESTED', shipmentId: WAYBILL, reason: 'RETURN_OVERDUE', by: 'support-1' }, '2024-06-01 11:00:00'],
    ]);
    const task = opened.case.supportTasks.find((t) => t.kind === 'RETURN_OVERDUE');
    expect(task).toMatchObject({ status: 'OPEN' });
    const complaintId = opened.case.complaints[0]!.id;
    const resolved = continueRun(opened, [
      [{ type: 'COMPLAINT_UPDATED', complaintId, status: 'RESOLVED', at: bjIso('2024-06-03 10:00:00') }, '2024-06-03 10:00:01'],
    ]);
    expect(resolved.case.supportTasks.find((t) => t.id === task!.id)).toMatchObject({
      status: 'DONE',
      closedBy: 'lanjie',
      outcome: 'closed by lanjie: complaint RESOLVED',
    });
    expect(resolved.last.reasons).toContainEqual(expect.objectContaining({ code: 'SUPPORT_TASK_CLOSED_CAUSE_GONE', target: task!.id }));
  });

  it('delivery or return evidence closes INTERCEPT_NEEDS_CONFIRMATION', () => {
    const mixed = input({
      skuOrders: [
        { skuOrderId: 'sku-1', amountFen: 5000, refunded: true },
        { skuOrderId: 'sku-2', amountFen: 3000, refunded: false },
      ],
      shipments: [{ waybillNo: WAYBILL, carrierId: 'zto', skuOrderIds: ['sku-1', 'sku-2'] }],
    });
    const held = run(mixed, '2024-06-01 10:00:00', [
      [moving, '2024-06-01 10:00:01'],
      [
        { type: 'REQUEST_INTERCEPTION', shipmentId: WAYBILL, route: { kind: 'KUAIDI100' }, kind: 'RETURN_TO_SENDER' },
        '2024-06-01 10:01:00',
      ],
    ]);
    expect(held.case.supportTasks).toMatchObject([{ kind: 'INTERCEPT_NEEDS_CONFIRMATION', status: 'OPEN' }]);
    const delivered = continueRun(held, [[track([ev('DELIVERED', '2024-06-02 09:00:00')]), '2024-06-02 09:00:05']]);
    expect(delivered.case.supportTasks.find((t) => t.kind === 'INTERCEPT_NEEDS_CONFIRMATION')).toMatchObject({
      status: 'DONE',
      outcome: `closed by lanjie: parcel ${WAYBILL} delivered`,
    });
    const back = continueRun(held, [[track([ev('RETURNING', '2024-06-02 09:00:00')]), '2024-06-02 09:00:05']]);
    expect(back.case.supportTasks.find((t) => t.kind === 'INTERCEPT_NEEDS_CONFIRMATION')?.status).toBe('DONE');
  });

  it('a final case closes its decision tasks; a complaint task stays open until the complaint is settled', () => {
    const delivered = run(input(), '2024-06-01 10:00:00', [
      [track([ev('COLLECTED', '2024-05-30 08:00:00'), ev('DELIVERED', '2024-05-31 14:00:00')]), '2024-06-01 10:00:01'],
      [{ type: 'COMPLAINT_REQUESTED', shipmentId: WAYBILL, reason: 'RETURN_SIGNED_BY_OTHER', by: 'support-1' }, '2024-06-01 10:30:00'],
    ]);
    expect(delivered.case.supportTasks.map((t) => [t.kind, t.status])).toEqual([
      ['DELIVERED_BEFORE_INTERCEPT', 'OPEN'],
      ['RETURN_SIGNED_BY_OTHER', 'OPEN'],
    ]);
    const closed = continueRun(delivered, [
      [{ type: 'CLOSED', at: bjIso('2024-06-01 12:00:00'), cause: 'BUYER_CANCELLED' }, '2024-06-01 12:00:01'],
    ]);
    expect(closed.case.supportTasks.map((t) => [t.kind, t.status, t.outcome])).toEqual([
      ['DELIVERED_BEFORE_INTERCEPT', 'DONE', 'closed by lanjie: case CLOSED'],
      ['RETURN_SIGNED_BY_OTHER', 'OPEN', undefined],
    ]);
    expect(codes(closed.last.reasons)).toContain('SUPPORT_TASK_CLOSED_CAUSE_GONE');
  });
});
