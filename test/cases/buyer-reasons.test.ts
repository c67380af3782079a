// The buyer-reason table: every alias maps to its code (trimmed, latin case-insensitive), unknown words do not, and docs/api.md lists the table as generated.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BUYER_REASONS,
  BUYER_REASON_CODES,
  BuyerReasonSchema,
  buyerReasonTable,
  normaliseBuyerReason,
} from '../../src/cases/buyer-reasons.ts';
import { caseReason } from '../../src/platform/douyin/facts.ts';

const apiDoc = readFileSync(fileURLToPath(new URL('../../docs/api.md', import.meta.url)), 'utf8');

describe('buyer reasons', () => {
  it('each code and each alias maps to its code, also trimmed and in other latin case', () => {
    for (const code of BUYER_REASON_CODES) {
      expect(normaliseBuyerReason(code), code).toBe(code);
      expect(normaliseBuyerReason(code.toLowerCase()), code).toBe(code);
      for (const alias of BUYER_REASONS[code].aliases) {
        expect(normaliseBuyerReason(alias), alias).toBe(code);
        expect(normaliseBuyerReason(`  ${alias.toUpperCase()} `), alias).toBe(code);
      }
    }
    for (const text of ['未收到货', '未收到', '没收到货', 'not_received', 'NOT_RECEIVED', 'Not Received', ' not  received '])
      expect(normaliseBuyerReason(text), text).toBe('NOT_RECEIVED');
  });

  it('no alias stands for two codes', () => {
    const seen = new Map<string, string>();
    for (const code of BUYER_REASON_CODES)
      for (const alias of [code, ...BUYER_REASONS[code].aliases]) {
        const key = alias.trim().toLowerCase();
        expect(seen.get(key) ?? code, `${alias} is an alias of ${seen.get(key)} and ${code}`).toBe(code);
        seen.set(key, code);
      }
  });

  it('unknown words are refused by the schema, naming every accepted value', () => {
    expect(normaliseBuyerReason('随便写的')).toBeUndefined();
    expect(BuyerReasonSchema.parse(' 未收到货 ')).toBe('NOT_RECEIVED');
    const result = BuyerReasonSchema.safeParse('随便写的');
    expect(result.success).toBe(false);
    const message = result.error!.issues[0]!.message;
    expect(message).toContain('"随便写的"');
    for (const code of BUYER_REASON_CODES) expect(message).toContain(code);
  });

  it('Douyin words: table phrases map, a text containing 未收到货 is NOT_RECEIVED, anything else OTHER', () => {
    expect(caseReason('未收到货')).toBe('NOT_RECEIVED');
    expect(caseReason('未收到货（物流一直未更新）')).toBe('NOT_RECEIVED');
    expect(caseReason('质量问题')).toBe('QUALITY');
    expect(caseReason('买家觉得颜色不好看')).toBe('OTHER');
    expect(caseReason('')).toBe('OTHER');
  });

  it('docs/api.md carries the generated table', () => {
    const block = apiDoc.match(/<!-- buyer-reasons:start -->\n([\s\S]*?)\n<!-- buyer-reasons:end -->/);
    expect(block, 'docs/api.md has the buyer-reasons markers').not.toBeNull();
    expect(block![1], 'regenerate the table in docs/api.md from buyerReasonTable()').toBe(buyerReasonTable());
  });
});
