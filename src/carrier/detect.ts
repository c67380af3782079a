// Waybill detection: ranked carrier candidates for a number, prefixed formats first, since all-digit formats overlap.
import type { Confidence, AnyCarrierPlugin } from './define.ts';

/** One candidate carrier for a waybill number. */
export interface DetectionCandidate {
  carrierId: string;
  /** Whether the matching format has a letter prefix (a near-certain match). */
  prefixed: boolean;
  /** Confidence of the matching format in the reference. */
  confidence: Confidence;
  /** The pattern that matched. */
  pattern: string;
}

const CONFIDENCE_RANK: Record<Confidence, number> = { 'C-doc': 0, 'C-src': 1, S: 2, I: 3, none: 4 };

/**
 * Every carrier whose declared format matches `waybillNo` (trimmed, upper-cased), ranked: prefixed
 * formats first, then by the reference's confidence, then by id. A carrier whose format is unknown
 * declares none and never appears.
 */
export function detectCarriers(waybillNo: string, plugins: Iterable<AnyCarrierPlugin>): DetectionCandidate[] {
  const number = waybillNo.trim().toUpperCase();
  const candidates: DetectionCandidate[] = [];
  for (const plugin of plugins) {
    const match = plugin.waybillPatterns.find((p) => p.pattern.test(number));
    if (match)
      candidates.push({ carrierId: plugin.id, prefixed: match.prefixed, confidence: match.confidence, pattern: match.pattern.source });
  }
  return candidates.sort(
    (a, b) =>
      Number(b.prefixed) - Number(a.prefixed) ||
      CONFIDENCE_RANK[a.confidence] - CONFIDENCE_RANK[b.confidence] ||
      a.carrierId.localeCompare(b.carrierId),
  );
}
