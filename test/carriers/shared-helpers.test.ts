// The helpers plugins and simulators share: TrackResult building, track loops, event building, address mapping, push grouping, simulator wire reading.
import { describe, expect, it } from 'vitest';
import { addressFields, interceptAddressFields } from '../../src/carrier/address-fields.ts';
import { BadResponseError, InvalidRequestError } from '../../src/carrier/errors.ts';
import type { TrackInput, TrackingEvent } from '../../src/carrier/model.ts';
import { pushUpdatesByWaybill } from '../../src/carrier/push-updates.ts';
import { notFoundTrackResult, trackInBatches, trackOneByOne, trackResultOf } from '../../src/carrier/track-result.ts';
import { beijingInstant, trackingEvent } from '../../src/carrier/tracking-event.ts';
import { worldCity } from '../../mocks/kit/render.ts';
import { readJsonObject, textOf, textOrNumberOf, tooManyRequests } from '../../mocks/kit/wire.ts';
import { fixture } from '../../mocks/kit/fixtures.ts';
import { SENDER_ADDRESS } from './harness.ts';

const event = (at: string, kind: TrackingEvent['kind'], rawCode: string = kind): TrackingEvent => ({ kind, at, description: '', rawCode });

describe('track results', () => {
  it('sorts the events (stable for equal times), derives the status, and is found only with events', () => {
    const late = event('2024-06-01T02:00:00.000Z', 'DELIVERED');
    const tieA = event('2024-06-01T01:00:00.000Z', 'IN_TRANSIT', 'a');
    const tieB = event('2024-06-01T01:00:00.000Z', 'UNKNOWN', 'b');
    const result = trackResultOf('x', 'W1', [late, tieA, tieB], { raw: 1 });
    expect(result).toEqual({
      waybillNo: 'W1',
      carrierId: 'x',
      found: true,
      status: 'DELIVERED',
      events: [tieA, tieB, late],
      raw: { raw: 1 },
    });
    expect(trackResultOf('x', 'W2', [], null)).toEqual({
      waybillNo: 'W2',
      carrierId: 'x',
      found: false,
      status: 'NOT_FOUND',
      events: [],
      raw: null,
    });
    expect(notFoundTrackResult('x', 'W3', 'r')).toEqual({
      waybillNo: 'W3',
      carrierId: 'x',
      found: false,
      status: 'NOT_FOUND',
      events: [],
      raw: 'r',
    });
  });

  it('tracks one number per call in order, and in batches of at most the batch size', async () => {
    const inputs: TrackInput[] = ['A00001', 'A00002', 'A00003', 'A00004', 'A00005'].map((waybillNo) => ({ waybillNo }));
    const calls: string[][] = [];
    const one = await trackOneByOne(inputs, async (input) => {
      calls.push([input.waybillNo]);
      return notFoundTrackResult('x', input.waybillNo, null);
    });
    expect(one.map((r) => r.waybillNo)).toEqual(inputs.map((i) => i.waybillNo));
    expect(calls).toHaveLength(5);
    calls.length = 0;
    const batched = await trackInBatches(inputs, 2, async (batch) => {
      calls.push(batch.map((i) => i.waybillNo));
      return batch.map((i) => notFoundTrackResult('x', i.waybillNo, null));
    });
    expect(calls).toEqual([['A00001', 'A00002'], ['A00003', 'A00004'], ['A00005']]);
    expect(batched.map((r) => r.waybillNo)).toEqual(inputs.map((i) => i.waybillNo));
    await expect(
      trackOneByOne(inputs, async () => {
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
  });
});

describe('tracking events', () => {
  it('reads Beijing times as UTC, and refuses anything else with the field and path named', () => {
    expect(beijingInstant('x', '2024-06-01 10:00:05', { what: 'track', field: 'opTime', path: 'data.opTime' }, null)).toBe(
      '2024-06-01T02:00:05.000Z',
    );
    let error: unknown;
    try {
      beijingInstant('x', '1717200000', { what: 'push', field: 'actionTime', path: 'data.actionTime' }, { raw: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as BadResponseError).message).toBe('[x] push: unreadable actionTime "1717200000"');
    expect((error as BadResponseError).issues).toEqual([{ path: 'data.actionTime', message: 'not a Beijing time' }]);
    expect((error as BadResponseError).raw).toEqual({ raw: true });
  });

  it('keeps a non-empty place and leaves out an empty, null or missing one', () => {
    const parts = { kind: 'COLLECTED', at: '2024-06-01T02:00:05.000Z', description: 'd', rawCode: 'GOT' } as const;
    expect(trackingEvent({ ...parts, place: '深圳' })).toEqual({ ...parts, place: '深圳' });
    for (const place of ['', null, undefined]) expect(Object.keys(trackingEvent({ ...parts, place }))).not.toContain('place');
  });
});

describe('address fields', () => {
  it('maps each part to the carrier name in the table order, and requires an address for an interception', () => {
    const fields = addressFields(SENDER_ADDRESS, { province: 'p', city: 'c', district: 'd', detail: 'a', name: 'n', phone: 't' });
    expect(Object.entries(fields)).toEqual([
      ['p', '广东省'],
      ['c', '深圳市'],
      ['d', '宝安区'],
      ['a', '福永街道 1 号'],
      ['n', '退货仓'],
      ['t', '13800000000'],
    ]);
    const names = { name: 'n', phone: 't', province: 'p', city: 'c', district: 'd', detail: 'a' };
    const request = { waybillNo: 'W000001', kind: 'REDIRECT', reason: 'r', idempotencyKey: 'key-00001' } as const;
    expect(() => interceptAddressFields('x', request, names)).toThrow(InvalidRequestError);
    expect(() => interceptAddressFields('x', request, names)).toThrow('intercept: an address is required for REDIRECT');
    expect(interceptAddressFields('x', { ...request, address: SENDER_ADDRESS }, names).n).toBe('退货仓');
  });
});

describe('push updates', () => {
  it("groups items per waybill in first-appearance order, sorts each waybill's events and keeps its items as raw", () => {
    const items = [
      { no: 'B', at: '2024-06-01T03:00:00.000Z' },
      { no: 'A', at: '2024-06-01T02:00:00.000Z' },
      { no: 'B', at: '2024-06-01T01:00:00.000Z' },
    ];
    const updates = pushUpdatesByWaybill(
      'x',
      items,
      (item) => item.no,
      (item, waybillNo) => event(item.at, 'IN_TRANSIT', waybillNo),
    );
    expect(updates.map((u) => [u.waybillNo, u.carrierId, u.events.map((e) => e.at), u.raw])).toEqual([
      ['B', 'x', ['2024-06-01T01:00:00.000Z', '2024-06-01T03:00:00.000Z'], [items[0], items[2]]],
      ['A', 'x', ['2024-06-01T02:00:00.000Z'], [items[1]]],
    ]);
    expect(updates[0]!.events[0]!.rawCode).toBe('B');
  });
});

describe('simulator wire helpers', () => {
  it('reads JSON objects and says why other text is not one', () => {
    expect(readJsonObject('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    for (const text of [undefined, '', '{bad']) expect(readJsonObject(text)).toEqual({ ok: false, reason: 'not-json' });
    for (const text of ['[1]', 'null', '3', '"s"']) expect(readJsonObject(text)).toEqual({ ok: false, reason: 'not-object' });
  });

  it('reads text fields: blank strings are absent, numbers only where asked', () => {
    expect([textOf('a'), textOf(' '), textOf(5), textOf(null)]).toEqual(['a', undefined, undefined, undefined]);
    expect([textOrNumberOf('a'), textOrNumberOf(''), textOrNumberOf(5), textOrNumberOf(false)]).toEqual(['a', undefined, '5', undefined]);
  });

  it('answers quotas with 429 and Retry-After in whole seconds, at least one', () => {
    expect(tooManyRequests(40_000)).toEqual({
      status: 429,
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'retry-after': '40' },
      body: 'Too Many Requests',
    });
    expect(tooManyRequests(1_001, 'text/plain').headers).toEqual({ 'content-type': 'text/plain', 'retry-after': '2' });
    expect(tooManyRequests(0).headers['retry-after']).toBe('1');
  });

  it("prints a world place's city", () => {
    expect(['深圳宝安营业点', '杭州转运中心'].map(worldCity)).toEqual(['深圳市', '杭州市']);
  });
});

describe('fixtures', () => {
  it('loads mocks/<id>/fixtures/<name>.json as a fresh copy, and names the path of a missing fixture', () => {
    const first = fixture<{ status: boolean }>('zto', 'intercept-accepted');
    expect(first.status).toBe(true);
    first.status = false;
    expect(fixture<{ status: boolean }>('zto', 'intercept-accepted').status).toBe(true);
    expect(() => fixture('zto', 'no-such-payload')).toThrow(/mocks\/zto\/fixtures\/no-such-payload\.json/);
  });
});
