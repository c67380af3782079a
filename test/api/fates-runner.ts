// Drives the sandbox fate catalogue through the HTTP API alone in one mode: parcels, faults, cases (POST /v1/cases or a signed Douyin tag-200 push), clock advances, steps; then reads each case and ledger into the catalogue's outcome shape.
import type { CatalogueEntry, CatalogueMode, ExpectedOutcome, MoneyCalls } from '../../src/sandbox/catalogue.ts';
import { CATALOGUE_HORIZON_HOURS } from '../../src/sandbox/catalogue.ts';
import type { TestGateway } from './harness.ts';

const HOUR = 3_600_000;

/** What the run saw of one fate, in the catalogue's shape. */
export interface ObservedOutcome {
  status: string;
  interceptions: { channel: string; state: string; requestedAtHours?: number }[];
  money: MoneyCalls;
  /** Money calls of the other mode's channel (must stay empty). */
  crossChannelMoney: number;
  /** Per action, calls performed more than once (must stay empty). */
  duplicates: string[];
  notices: string[];
  complaints: string[];
  tasks: string[];
  deadlineReasons: string[];
  timelineReasons: string[];
  caseId: string;
}

/** The result of one mode's run. */
export interface ModeRun {
  t0: number;
  outcomes: Map<string, ObservedOutcome>;
  advanceMs: number;
}

async function ok<T = any>(t: TestGateway, request: Parameters<TestGateway['call']>[0], status = 200): Promise<T> {
  const res = await t.call(request);
  if (res.statusCode !== status) throw new Error(`${request.method} ${request.url} → ${res.statusCode} (expected ${status}): ${res.body}`);
  return res.json() as T;
}

async function advanceTo(t: TestGateway, at: number): Promise<void> {
  const now = Date.parse((await ok(t, { method: 'GET', url: '/v1/sandbox' })).now);
  await ok(t, { method: 'POST', url: '/v1/sandbox/clock/advance', payload: { ms: Math.max(0, at - now) } });
}

/** Runs every entry in `mode` on one sandbox gateway: all cases open at the same instant t0, then the clock moves for all. */
export async function runCatalogue(t: TestGateway, mode: CatalogueMode, entries: readonly CatalogueEntry[]): Promise<ModeRun> {
  const t0 = Date.parse((await ok(t, { method: 'GET', url: '/v1/sandbox' })).now);
  const cases = new Map<string, { caseId: string; afterSaleId: string }>();
  for (const entry of entries) {
    const parcels: { carrier: string; waybillNo: string }[] = [];
    for (const p of entry.setup.parcels) {
      parcels.push(
        await ok(
          t,
          {
            method: 'POST',
            url: '/v1/sandbox/parcels',
            payload: { carrier: p.carrier, fate: p.fate, collectedHoursAgo: p.collectedHoursAgo ?? 10 },
          },
          201,
        ),
      );
    }
    for (const f of entry.setup.faults ?? []) await ok(t, { method: 'POST', url: '/v1/sandbox/faults', payload: f }, 201);
    if (mode === 'generic') {
      const afterSaleId = `fate-${entry.id}`;
      const share = Math.floor(12_900 / parcels.length);
      const skuOrders = parcels.map((_, i) => ({
        skuOrderId: `s-${i + 1}`,
        amountFen: i === parcels.length - 1 ? 12_900 - share * (parcels.length - 1) : share,
        refunded: true,
      }));
      const opened = await ok(
        t,
        {
          method: 'POST',
          url: '/v1/cases',
          payload: {
            platform: 'shop',
            afterSaleId,
            orderId: `o-${entry.id}`,
            refundAmountFen: 12_900,
            reason: 'NOT_RECEIVED',
            skuOrders,
            shipments: parcels.map((p, i) => ({
              carrier: p.carrier,
              waybill: p.waybillNo,
              phoneLast4: '1234',
              skuOrderIds: [`s-${i + 1}`],
            })),
          },
        },
        201,
      );
      cases.set(entry.id, { caseId: opened.case.id, afterSaleId });
    } else {
      const created = await ok(
        t,
        {
          method: 'POST',
          url: '/v1/sandbox/douyin/after-sales',
          payload: { parcels: parcels.map((p) => ({ carrier: p.carrier, waybill: p.waybillNo })) },
        },
        201,
      );
      if (!created.caseId) throw new Error(`${entry.id}: the tag-200 push opened no case`);
      cases.set(entry.id, { caseId: created.caseId, afterSaleId: created.afterSaleId });
    }
  }

  const started = performance.now();
  await ok(t, { method: 'POST', url: '/v1/sandbox/clock/advance', payload: { ms: 0 } });
  const stepTimes = [...new Set(entries.flatMap((e) => (e.setup.steps ?? []).map((s) => s.atHours)))].sort((a, b) => a - b);
  for (const at of stepTimes) {
    await advanceTo(t, t0 + at * HOUR);
    for (const entry of entries) {
      const { caseId, afterSaleId } = cases.get(entry.id)!;
      for (const step of (entry.setup.steps ?? []).filter((s) => s.atHours === at)) {
        if (mode === 'generic') {
          const event = step.do === 'buyer-cancels' ? { type: 'CLOSED', cause: 'BUYER_CANCELLED' } : { type: 'REFUNDED' };
          await ok(t, { method: 'POST', url: `/v1/cases/${caseId}/events`, payload: event });
        } else {
          await ok(t, {
            method: 'POST',
            url: `/v1/sandbox/douyin/after-sales/${afterSaleId}/${step.do === 'buyer-cancels' ? 'buyer-cancel' : 'platform-refund'}`,
          });
        }
      }
    }
  }
  await advanceTo(t, t0 + CATALOGUE_HORIZON_HOURS * HOUR);
  const advanceMs = performance.now() - started;

  const webhook = (await ok(t, { method: 'GET', url: '/v1/sandbox/merchant/ledger' })).performed as {
    action: string;
    idempotencyKey: string;
  }[];
  const platform = (await ok(t, { method: 'GET', url: '/v1/sandbox/douyin/ledger' })).calls as {
    action: string;
    afterSaleId: string;
    outcome: string;
  }[];
  const outcomes = new Map<string, ObservedOutcome>();
  for (const entry of entries) {
    const { caseId, afterSaleId } = cases.get(entry.id)!;
    const c = await ok(t, { method: 'GET', url: `/v1/cases/${caseId}` });
    const mine = webhook.filter((p) => p.idempotencyKey.startsWith(`${caseId}:`));
    const calls = platform.filter((p) => p.afterSaleId === afterSaleId && p.outcome === 'PERFORMED');
    const moneyOf = (list: { action: string }[]) => ({
      'agree-refuse-sign': list.filter((p) => p.action === 'agree-refuse-sign').length,
      refund: list.filter((p) => p.action === 'refund').length,
      reject: list.filter((p) => p.action === 'reject').length,
    });
    const ours = moneyOf(mode === 'generic' ? mine : calls);
    const other = moneyOf(mode === 'generic' ? calls : mine);
    outcomes.set(entry.id, {
      caseId,
      status: c.status,
      interceptions: c.interceptions.map((i: { channel: string; state: string; requestedAt: string }, n: number) => ({
        channel: i.channel,
        state: i.state,
        ...(entry.expected[mode].interceptions[n]?.requestedAtHours !== undefined
          ? { requestedAtHours: (Date.parse(i.requestedAt) - t0) / HOUR }
          : {}),
      })),
      money: {
        'agree-refuse-sign': Math.min(ours['agree-refuse-sign'], 1) as 0 | 1,
        refund: Math.min(ours.refund, 1) as 0 | 1,
        reject: Math.min(ours.reject, 1) as 0 | 1,
      },
      duplicates: Object.entries(ours)
        .filter(([, n]) => n > 1)
        .map(([a, n]) => `${a} ×${n}`),
      crossChannelMoney: other['agree-refuse-sign'] + other.refund + other.reject,
      notices: [...new Set(mine.filter((p) => p.action === 'notify').map((p) => p.idempotencyKey.split(':')[1] ?? ''))].sort(),
      complaints: (c.complaints as { reason: string }[]).map((x) => x.reason).sort(),
      tasks: [...new Set((c.supportTasks as { kind: string }[]).map((x) => x.kind))].sort(),
      deadlineReasons: (c.deadline.history as { reason: string }[]).map((h) => h.reason),
      timelineReasons: (c.timeline as { reasons: { code: string }[] }[]).flatMap((e) => e.reasons.map((r) => r.code)),
    });
  }
  return { t0, outcomes, advanceMs };
}

/** The parts of an expected outcome compared as equal (the rest are "must include"). */
export function comparable(expected: ExpectedOutcome, mode: CatalogueMode) {
  return {
    status: expected.status,
    interceptions: expected.interceptions,
    money: expected.money,
    duplicates: [],
    crossChannelMoney: 0,
    ...(mode === 'generic' ? { notices: [...(expected.notices ?? [])].sort() } : {}),
    complaints: [...expected.complaints].sort(),
    tasks: [...expected.tasks].sort(),
  };
}

/** The same parts of an observed outcome. */
export function observedComparable(observed: ObservedOutcome, mode: CatalogueMode) {
  return {
    status: observed.status,
    interceptions: observed.interceptions,
    money: observed.money,
    duplicates: observed.duplicates,
    crossChannelMoney: observed.crossChannelMoney,
    ...(mode === 'generic' ? { notices: observed.notices } : {}),
    complaints: observed.complaints,
    tasks: observed.tasks,
  };
}
