// Declaration-only entries best, fengwang and yto-freight: names, Kuaidi100 codes, no patterns, no capabilities, hub routes in the notes.
import { describe, expect, it } from 'vitest';
import best from '../../carriers/best/index.ts';
import fengwang from '../../carriers/fengwang/index.ts';
import ytoFreight from '../../carriers/yto-freight/index.ts';
import { ConfigError, createCarrierAccount } from '../../src/carrier/index.ts';
import { detectCarriers } from '../../src/carrier/detect.ts';
import { TestClock } from '../../src/clock/clock.ts';

const ENTRIES = [
  { plugin: best, id: 'best', zh: '百世快递', code: 'huitongkuaidi' },
  { plugin: fengwang, id: 'fengwang', zh: '丰网速运', code: 'fengwang' },
  { plugin: ytoFreight, id: 'yto-freight', zh: '圆通快运', code: 'yuantongkuaiyun' },
];

describe.each(ENTRIES)('$id (declaration only)', ({ plugin, id, zh, code }) => {
  it('declares names and its Kuaidi100 code, and nothing it cannot back', () => {
    expect(plugin.id).toBe(id);
    expect(plugin.kind).toBe('carrier');
    expect(plugin.names.zh).toBe(zh);
    expect(plugin.kuaidi100Code?.code).toBe(code);
    expect(plugin.waybillPatterns).toEqual([]);
    expect(plugin.capabilities).toEqual({ track: false, intercept: false, cancelIntercept: false, push: false, complaint: false });
    expect(plugin.limits).toEqual({ source: 'assumed' });
    expect(plugin.errors).toEqual({});
    expect(plugin.create).toBeUndefined();
    expect(plugin.configSchema).toBeUndefined();
  });

  it('names the hub routes in its notes', () => {
    expect(plugin.notes).toContain('Kuaidi100');
    expect(plugin.notes).toContain(code);
    expect(plugin.notes).toMatch(/Douyin/);
  });

  it('cannot be built as an account and is never a detection candidate', () => {
    expect(() => createCarrierAccount(plugin, {}, { clock: new TestClock('2026-06-01T02:00:00Z') })).toThrow(ConfigError);
    expect(detectCarriers('557020683421114', [plugin])).toEqual([]);
  });
});

it('fengwang notes say Kuaidi100 needs the phone number; best notes mention the unimplemented legacy EDI API', () => {
  expect(fengwang.notes).toMatch(/phone/);
  expect(best.notes).toMatch(/legacy EDI/);
});
