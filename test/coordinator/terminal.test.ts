// When a case stops being followed: caseIsOpen and shipmentIsTerminal, including a lost return whose complaint support closed.
import { describe, expect, it } from 'vitest';
import { caseIsOpen, shipmentIsTerminal } from '../../src/coordinator/index.ts';
import { WAYBILL, ev, input, inTransitAndAccepted, run, track, bjIso } from '../cases/helpers.ts';

describe('shipmentIsTerminal / caseIsOpen', () => {
  it('a refunded case whose return was lost is followed until support closes the complaint', () => {
    const lost = run(input({ mode: 'generic' }), '2024-06-01 10:00:00', [
      ...inTransitAndAccepted(),
      [track([ev('RETURNING', '2024-06-02 14:00:00')]), '2024-06-02 14:00:30'],
      [track([ev('RETURNING', '2024-06-02 14:00:00')]), '2024-06-02 15:00:00'],
      [{ type: 'REFUNDED', at: bjIso('2024-06-02 16:00:00') }, '2024-06-02 16:00:01'],
      [{ type: 'COMPLAINT_REQUESTED', shipmentId: WAYBILL, reason: 'RETURN_OVERDUE' }, '2024-06-10 10:00:00'],
    ]);
    expect(lost.case.status).toBe('REFUNDED');
    const shipment = lost.case.shipments[0]!;
    expect(shipmentIsTerminal(lost.case, shipment)).toBe(false);
    expect(caseIsOpen(lost.case)).toBe(true);
    const complaint = lost.case.complaints[0]!;
    const closed = {
      ...lost.case,
      complaints: [{ ...complaint, status: 'RESOLVED' as const }],
      supportTasks: lost.case.supportTasks.map((t) => ({ ...t, status: 'DONE' as const })),
    };
    expect(shipmentIsTerminal(closed, shipment)).toBe(true);
    expect(caseIsOpen(closed)).toBe(false);
  });
});
