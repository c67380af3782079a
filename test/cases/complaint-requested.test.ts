// Support opens a complaint by hand (COMPLAINT_REQUESTED): a support task by default, at most one open per parcel.
import { describe, expect, it } from 'vitest';
import { WAYBILL, codes, input, ofType, run } from './helpers.ts';

describe('COMPLAINT_REQUESTED', () => {
  it('opens one complaint per parcel; a second request while it is open is refused as COMPLAINT_ALREADY_OPEN', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [{ type: 'COMPLAINT_REQUESTED', shipmentId: WAYBILL, reason: 'RETURN_OVERDUE', by: 'support-1' }, '2024-06-10 10:00:00'],
      [{ type: 'COMPLAINT_REQUESTED', shipmentId: WAYBILL, reason: 'RETURN_SIGNED_BY_OTHER', by: 'support-1' }, '2024-06-10 11:00:00'],
      [{ type: 'COMPLAINT_REQUESTED', shipmentId: 'NOPE', reason: 'RETURN_OVERDUE' }, '2024-06-10 12:00:00'],
    ]);
    expect(r.case.complaints).toMatchObject([{ shipmentId: WAYBILL, reason: 'RETURN_OVERDUE', via: 'SUPPORT_TASK', status: 'OPEN' }]);
    expect(r.case.supportTasks.filter((t) => t.kind === 'RETURN_OVERDUE')).toHaveLength(1);
    expect(ofType(r.effects, 'OPEN_COMPLAINT')).toHaveLength(1);
    expect(codes(r.reasons)).toEqual(expect.arrayContaining(['RETURN_OVERDUE', 'COMPLAINT_ALREADY_OPEN', 'EVENT_IGNORED']));
  });
});
