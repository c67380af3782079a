// Waybill detection for a merchant: ranked candidates from the declared formats, confirmed by a hub's auto-detection when the merchant has one.
import type { CarrierRegistry } from '../carrier/registry.ts';
import type { DetectionCandidate } from '../carrier/detect.ts';
import type { MerchantAccounts } from './accounts.ts';

/** Candidates with the hub's word on each. */
export interface ConfirmedDetection {
  candidates: (DetectionCandidate & { confirmedBy?: string })[];
  /** Carriers the hub named that no declared format matched (kept: the hub knows numbers we do not). */
  hubOnly: { carrierId: string; hubId: string }[];
  /** Hubs asked, and any that failed (detection then falls back to the formats alone). */
  hubs: { hubId: string; ok: boolean; error?: string }[];
}

/**
 * Ranks candidates by declared formats; where the merchant has a hub account that can detect, the
 * hub's candidates confirm ours (confirmed ones move first, in the hub's order).
 */
export async function detectForMerchant(
  registry: CarrierRegistry,
  accounts: MerchantAccounts,
  merchantId: string | undefined,
  waybillNo: string,
): Promise<ConfirmedDetection> {
  const local = registry.detect(waybillNo);
  const result: ConfirmedDetection = { candidates: local.map((c) => ({ ...c })), hubOnly: [], hubs: [] };
  if (!merchantId) return result;
  for (const hub of registry.list().filter((p) => p.kind === 'hub')) {
    const client = accounts.account(merchantId, hub.id);
    if (!client?.detectCarrier) continue;
    try {
      const named = await client.detectCarrier(waybillNo);
      result.hubs.push({ hubId: hub.id, ok: true });
      const order = new Map(named.map((n, i) => [n.carrierId, i]));
      for (const c of result.candidates) if (order.has(c.carrierId)) c.confirmedBy = hub.id;
      result.candidates.sort(
        (a, b) =>
          Number(Boolean(b.confirmedBy)) - Number(Boolean(a.confirmedBy)) || (order.get(a.carrierId) ?? 0) - (order.get(b.carrierId) ?? 0),
      );
      for (const n of named)
        if (!local.some((c) => c.carrierId === n.carrierId)) result.hubOnly.push({ carrierId: n.carrierId, hubId: hub.id });
    } catch (error) {
      // handled: reported to the caller in result.hubs[].error
      result.hubs.push({ hubId: hub.id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}
