// What the case routes do: open a case idempotently (merchant + after-sale id), read and list cases within a tenant, and pass merchant and support events to the coordinator.
import { encodeCursor, decodeCursor } from './cursor.ts';
import { createHash } from 'node:crypto';
import type { Coordinator } from '../coordinator/coordinator.ts';
import type { MerchantDirectory } from '../merchants/merchant-config.ts';
import type { Clock } from '../clock/clock.ts';
import type { CarrierRegistry } from '../carrier/registry.ts';
import type { CaseEventInput } from '../cases/events.ts';
import { computeEligibility } from '../cases/eligibility.ts';
import type { Rules } from '../cases/rules-config.ts';
import type { Case } from '../cases/state.ts';
import type { Store } from '../store/connect.ts';
import { CaseReadRepository, type CaseListFilter } from '../store/repos/case-reads.ts';
import { CaseRequestRepository } from '../store/repos/case-requests.ts';
import { ShipmentRepository } from '../store/repos/shipments.ts';
import { withTransaction } from '../store/transaction.ts';
import type { Principal } from './auth.ts';
import { canSee, listingScope } from './auth.ts';
import { caseSummary, caseView, eligibilityView, reasonView } from './case-view.ts';
import { ApiError, badField, duplicateOf, notFound, type ApiIssue } from './errors.ts';
import { GENERIC_ONLY_EVENTS, SUPPORT_ONLY_EVENTS, type CaseEventBody, type OpenCaseBody } from './schemas.ts';
import type { z } from 'zod';
import type { ListCasesQuerySchema } from './schemas.ts';

/** Dependencies of the case API. */
export interface CaseApiDeps {
  store: Store;
  clock: Clock;
  coordinator: Coordinator;
  merchants: MerchantDirectory;
  registry: CarrierRegistry;
  rules: Rules;
}

/** A case id derived from the merchant and after-sale id: the same after-sale always maps to the same id (no ':' in it: idempotency keys split on ':'). */
export function caseIdFor(merchantId: string, afterSaleId: string): string {
  return `cs_${createHash('sha256').update(`${merchantId}\u0000${afterSaleId}`).digest('hex').slice(0, 24)}`;
}

/** Dotted paths where two JSON values differ (leaves; arrays index by index). */
export function differingPaths(a: unknown, b: unknown, prefix = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [prefix || '(root)'];
    return a.flatMap((x, i) => differingPaths(x, b[i], prefix ? `${prefix}.${i}` : String(i)));
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
    return keys.flatMap((k) =>
      differingPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k),
    );
  }
  return [prefix || '(root)'];
}

/** What a POST for an after-sale the Douyin push already opened could and could not add. */
export interface MergeReport {
  phonesRecorded: string[];
  notApplied: { path: string; reason: string }[];
}

/** The case API. */
export class CaseApi {
  private readonly cases: CaseReadRepository;
  private readonly requests = new CaseRequestRepository();
  private readonly shipments: ShipmentRepository;

  constructor(private readonly deps: CaseApiDeps) {
    this.cases = new CaseReadRepository(deps.store);
    this.shipments = new ShipmentRepository(deps.store);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Resolves each shipment's carrier (named, or detected from the number); 400 naming the field otherwise. */
  private resolveShipments(
    body: OpenCaseBody,
  ): { waybillNo: string; carrierId: string; skuOrderIds: string[]; phoneLast4?: string; detected: boolean }[] {
    const skuIds = new Set(body.skuOrders.map((s) => s.skuOrderId));
    const seenSku = new Set<string>();
    body.skuOrders.forEach((s, i) => {
      if (seenSku.has(s.skuOrderId)) throw badField(`body.skuOrders.${i}.skuOrderId`, `duplicate SKU order ${s.skuOrderId}`);
      seenSku.add(s.skuOrderId);
    });
    const seen = new Set<string>();
    return body.shipments.map((s, i) => {
      const waybillNo = s.waybill;
      if (seen.has(waybillNo)) throw badField(`body.shipments.${i}.waybill`, `duplicate waybill ${waybillNo}`);
      seen.add(waybillNo);
      s.skuOrderIds.forEach((id, j) => {
        if (!skuIds.has(id)) throw badField(`body.shipments.${i}.skuOrderIds.${j}`, `unknown SKU order ${id}; list it in skuOrders`);
      });
      let carrierId = s.carrier;
      let detected = false;
      if (carrierId !== undefined) {
        if (!this.deps.registry.get(carrierId))
          throw badField(
            `body.shipments.${i}.carrier`,
            `unknown carrier "${carrierId}"; known: ${this.deps.registry
              .list()
              .map((p) => p.id)
              .join(', ')}`,
          );
      } else {
        const candidates = this.deps.registry.detect(waybillNo).filter((c) => this.deps.registry.get(c.carrierId)?.kind === 'carrier');
        if (candidates.length === 0)
          throw badField(`body.shipments.${i}.waybill`, `${waybillNo} fits no known carrier format; name the carrier`);
        carrierId = candidates[0]!.carrierId;
        detected = true;
      }
      return { waybillNo, carrierId, skuOrderIds: s.skuOrderIds, ...(s.phoneLast4 ? { phoneLast4: s.phoneLast4 } : {}), detected };
    });
  }

  /** Opens a case, idempotently on merchant and after-sale id. */
  async open(
    merchantId: string,
    body: OpenCaseBody,
  ): Promise<{ status: 200 | 201; caseId: string; merge?: MergeReport; detected: { waybill: string; carrier: string }[] }> {
    const merchant = this.deps.merchants.get(merchantId);
    if (!merchant) throw notFound(`merchant ${merchantId}`);
    const shipments = this.resolveShipments(body);
    const detected = shipments.filter((s) => s.detected).map((s) => ({ waybill: s.waybillNo, carrier: s.carrierId }));
    const { store } = this.deps;
    const caseId = caseIdFor(merchantId, body.afterSaleId);
    const now = this.now();

    const prior = await withTransaction(store, async (tx) => {
      const request = await this.requests.findRequest(tx, merchantId, body.afterSaleId);
      if (request) return { kind: 'request' as const, caseId: request.case_id, body: JSON.parse(request.body_json) as unknown };
      const existing = await this.requests.findCaseOf(tx, merchantId, body.afterSaleId);
      if (existing) return { kind: 'case' as const, caseId: existing.id, platform: existing.platform };
      await this.requests.insert(tx, {
        case_id: caseId,
        merchant_id: merchantId,
        after_sale_id: body.afterSaleId,
        body_json: JSON.stringify(body),
        created_at: now,
      });
      return { kind: 'new' as const };
    });

    if (prior.kind === 'request') {
      const diff = differingPaths(prior.body, body);
      if (diff.length > 0) {
        throw new ApiError(
          409,
          'CONFLICT',
          `after-sale ${body.afterSaleId} was opened as case ${prior.caseId} with a different body (${diff.join(', ')})`,
          diff.map((path) => ({ path: `body.${path}`, message: `differs from the request that opened case ${prior.caseId}` })),
        );
      }
      const opened = await this.openInCore(prior.caseId, merchantId, body, shipments);
      return { status: opened ? 201 : 200, caseId: prior.caseId, detected };
    }
    if (prior.kind === 'case') {
      if (prior.platform !== 'douyin' || body.platform !== 'douyin') {
        throw new ApiError(
          409,
          'CONFLICT',
          `after-sale ${body.afterSaleId} is already case ${prior.caseId} on platform ${prior.platform}`,
          [{ path: 'body.platform', message: `the case was opened on ${prior.platform}` }],
        );
      }
      const merge = await this.mergeIntoDouyinCase(prior.caseId, body, shipments);
      return { status: 200, caseId: prior.caseId, merge, detected };
    }
    await this.openInCore(caseId, merchantId, body, shipments);
    return { status: 201, caseId, detected };
  }

  /** Opens the case in the core (idempotent); true when it was created now. */
  private async openInCore(
    caseId: string,
    merchantId: string,
    body: OpenCaseBody,
    shipments: ReturnType<CaseApi['resolveShipments']>,
  ): Promise<boolean> {
    const merchant = this.deps.merchants.get(merchantId)!;
    const phones = Object.fromEntries(shipments.filter((s) => s.phoneLast4).map((s) => [s.waybillNo, s.phoneLast4!]));
    const result = await this.deps.coordinator.openCase({
      caseId,
      platform: body.platform,
      mode: body.platform === 'douyin' ? 'douyin' : 'generic',
      merchantId,
      merchantType: merchant.type,
      afterSaleId: body.afterSaleId,
      orderId: body.orderId,
      appliedAt: body.appliedAt ?? this.now(),
      refundAmountFen: body.refundAmountFen,
      reason: body.reason,
      ...(body.reasonText !== undefined ? { reasonText: body.reasonText } : {}),
      categoryId: body.categoryId ?? 'default',
      skuOrders: body.skuOrders,
      trustedBuyer: body.buyer?.trusted ?? false,
      shipments: shipments.map((s) => ({ waybillNo: s.waybillNo, carrierId: s.carrierId, skuOrderIds: s.skuOrderIds })),
      phones,
    });
    return result.created;
  }

  /**
   * A POST for an after-sale the Douyin message push opened: the platform's facts stay; the phone
   * digits of known waybills are recorded. The rules core has no event that adds a shipment to an
   * open case, so new parcels are reported as not applied.
   */
  private async mergeIntoDouyinCase(
    caseId: string,
    body: OpenCaseBody,
    shipments: ReturnType<CaseApi['resolveShipments']>,
  ): Promise<MergeReport> {
    let c = (await this.deps.coordinator.service.get(caseId))!;
    const report: MergeReport = { phonesRecorded: [], notApplied: [] };
    // Parcels the platform's detail did not name are added to the case (with the SKU orders the body says they carry).
    const added = shipments.filter((s) => !c.shipments.some((x) => x.legs.some((l) => l.waybillNo === s.waybillNo)));
    if (added.length > 0) {
      await this.deps.coordinator.apply(caseId, {
        type: 'SHIPMENTS_ADDED',
        shipments: added.map((s) => ({ waybillNo: s.waybillNo, carrierId: s.carrierId, skuOrderIds: s.skuOrderIds })),
      });
      c = (await this.deps.coordinator.service.get(caseId))!;
    }
    for (const [i, s] of shipments.entries()) {
      const known = c.shipments.find((x) => x.legs.some((l) => l.waybillNo === s.waybillNo));
      if (!known) {
        report.notApplied.push({
          path: `body.shipments.${i}`,
          reason: "its SKU orders are not the after-sale's (see the case timeline: EVENT_IGNORED)",
        });
        continue;
      }
      if (known.carrierId !== s.carrierId)
        report.notApplied.push({ path: `body.shipments.${i}.carrier`, reason: `the platform reported ${known.carrierId}; kept` });
      if (s.phoneLast4) {
        await this.shipments.recordPhone(caseId, s.waybillNo, s.phoneLast4);
        report.phonesRecorded.push(s.waybillNo);
      }
    }
    for (const field of ['refundAmountFen', 'reason', 'orderId', 'appliedAt', 'skuOrders', 'categoryId'] as const) {
      const given = body[field];
      if (given === undefined) continue;
      const current = field === 'skuOrders' ? c.skuOrders : c[field];
      if (JSON.stringify(given) !== JSON.stringify(current))
        report.notApplied.push({ path: `body.${field}`, reason: "the platform's value is kept" });
    }
    return report;
  }

  /** Reads a case the principal may see; 404 otherwise (another merchant's case looks like no case). */
  async load(
    principal: Principal,
    caseId: string,
  ): Promise<{ c: Case; row: { platform: string; version: number; created_at: string; updated_at: string } }> {
    const row = await this.cases.findCase(caseId);
    if (!row || !canSee(principal, row.merchant_id)) throw notFound(`case ${caseId}`);
    return { c: JSON.parse(row.state_json) as Case, row };
  }

  /** The full view of a case. */
  async view(principal: Principal, caseId: string) {
    const { c, row } = await this.load(principal, caseId);
    const phones = await this.shipments.phonesOf(caseId);
    return caseView(
      c,
      {
        platform: row.platform,
        version: row.version,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        phoneKnown: Object.fromEntries(phones.map((p) => [p.waybill_no, p.phone_last4 !== null])),
      },
      this.now(),
    );
  }

  /** Lists cases with filters, newest first, by cursor. */
  async list(principal: Principal, query: z.output<typeof ListCasesQuerySchema>) {
    const filter: CaseListFilter = {};
    const merchantId = listingScope(principal, query.merchantId, 'a merchant key lists only its own cases');
    if (merchantId !== undefined) filter.merchantId = merchantId;
    if (query.status === 'refund-after-rejection') filter.refuseSignAgreed = true;
    else if (query.status !== undefined) filter.status = query.status;
    if (query.carrier !== undefined) filter.carrierId = query.carrier;
    if (query.waybill !== undefined) filter.waybillNo = query.waybill;
    if (query.overdue !== undefined) filter.overdue = { value: query.overdue, now: this.now() };
    if (query.atRisk !== undefined) filter.atRisk = query.atRisk;
    const rows = await this.cases.listCases(filter, {
      ...(query.cursor !== undefined ? { after: decodeCursor(query.cursor) } : {}),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const now = this.now();
    const last = page[page.length - 1];
    return {
      cases: page.map((r) =>
        caseSummary(JSON.parse(r.state_json) as Case, { platform: r.platform, createdAt: r.created_at, updatedAt: r.updated_at }, now),
      ),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  /** Applies a merchant or support event after checking role, mode and the things it names. */
  async applyEvent(principal: Principal, caseId: string, body: CaseEventBody) {
    const { c } = await this.load(principal, caseId);
    if (SUPPORT_ONLY_EVENTS.has(body.type) && principal.role !== 'support')
      throw new ApiError(403, 'FORBIDDEN', `${body.type} is for support keys only`);
    if (GENERIC_ONLY_EVENTS.has(body.type) && c.mode !== 'generic') {
      throw new ApiError(409, 'EVENT_NOT_ALLOWED_IN_MODE', `${body.type}: in douyin mode the platform reports this, not the merchant`, [
        { path: 'body.type', message: 'generic mode only' },
      ]);
    }
    if ('shipmentId' in body && !c.shipments.some((s) => s.id === body.shipmentId))
      throw badField(
        'body.shipmentId',
        `case ${caseId} has no shipment ${body.shipmentId}; shipments: ${c.shipments.map((s) => s.id).join(', ')}`,
      );
    if (body.type === 'COMPLAINT_UPDATED' && !c.complaints.some((x) => x.id === body.complaintId))
      throw badField('body.complaintId', `case ${caseId} has no complaint ${body.complaintId}`);
    const { eventId, ...rest } = body;
    const event = { ...rest } as Record<string, unknown>;
    if (
      'at' in event ||
      ['RECORD_OFFLINE_RESULT', 'RECORD_RETURN', 'COMPLAINT_UPDATED', 'BUYER_MODIFIED', 'REFUNDED', 'CLOSED', 'ARBITRATION'].includes(
        body.type,
      )
    )
      event.at ??= this.now();
    if (body.type === 'RECORD_OFFLINE_RESULT' || body.type === 'REJECT_AFTER_SIGNED' || body.type === 'CONFIRM_MIXED_PARCEL')
      event.by = byOf(principal);
    if (eventId !== undefined) event.eventId = eventId;
    return this.applyAndView(principal, caseId, event as CaseEventInput, eventId !== undefined ? `api:${body.type}:${eventId}` : undefined);
  }

  /** Completes a support task. */
  async completeTask(
    principal: Principal,
    caseId: string,
    taskId: string,
    body: { outcome?: string; compensationFen?: number; at?: string },
  ) {
    const { c } = await this.load(principal, caseId);
    const task = c.supportTasks.find((t) => t.id === taskId);
    if (!task) throw notFound(`task ${taskId} of case ${caseId}`);
    if (task.status === 'DONE')
      throw new ApiError(409, 'TASK_DONE', `task ${taskId} was completed at ${task.completedAt ?? 'an earlier time'}`);
    const event: CaseEventInput = {
      type: 'COMPLETE_SUPPORT_TASK',
      taskId,
      at: body.at ?? this.now(),
      outcome: body.outcome ?? `completed by ${byOf(principal)}`,
    };
    if (body.compensationFen !== undefined) event.compensationFen = body.compensationFen;
    return this.applyAndView(principal, caseId, event, `api:task:${taskId}`);
  }

  /** Records a complaint's status or outcome (support). */
  async updateComplaint(
    principal: Principal,
    caseId: string,
    body:
      | { complaintId: string; status: 'OPEN' | 'RESOLVED' | 'REJECTED'; compensationFen?: number; hubRef?: string; at?: string }
      | { shipmentId: string; reason: 'RETURN_OVERDUE' | 'INTERCEPT_BREACHED' | 'RETURN_SIGNED_BY_OTHER'; note?: string },
  ) {
    if ('shipmentId' in body) {
      const { c } = await this.load(principal, caseId);
      if (!c.shipments.some((s) => s.id === body.shipmentId))
        throw badField(
          'body.shipmentId',
          `case ${caseId} has no shipment ${body.shipmentId}; shipments: ${c.shipments.map((s) => s.id).join(', ')}`,
        );
      const same = c.complaints.find((x) => x.shipmentId === body.shipmentId && x.reason === body.reason);
      if (same !== undefined)
        throw duplicateOf(
          'COMPLAINT_EXISTS',
          same.id,
          `parcel ${body.shipmentId} already has a ${body.reason} complaint (${same.id}, ${same.status}); update it with complaintId`,
          'body.reason',
        );
      const open = c.complaints.find((x) => x.shipmentId === body.shipmentId && x.status === 'OPEN');
      if (open !== undefined)
        throw duplicateOf(
          'COMPLAINT_ALREADY_OPEN',
          open.id,
          `parcel ${body.shipmentId} has an open ${open.reason} complaint (${open.id}); at most one is open per parcel`,
          'body.shipmentId',
        );
      return this.applyAndView(
        principal,
        caseId,
        {
          type: 'COMPLAINT_REQUESTED',
          shipmentId: body.shipmentId,
          reason: body.reason,
          by: byOf(principal),
          ...(body.note !== undefined ? { note: body.note } : {}),
        },
        `api:complaint:${body.shipmentId}:${body.reason}`,
      );
    }
    return this.applyEvent(principal, caseId, { type: 'COMPLAINT_UPDATED', ...body });
  }

  /** Asks for an interception of one shipment (RETURN_* only); 409 with the reasons when none starts. */
  async intercept(
    principal: Principal,
    caseId: string,
    body: {
      shipmentId: string;
      kind: 'RETURN_TO_SENDER' | 'RETURN_TO_ORIGIN_STATION' | 'RETURN_TO_ADDRESS';
      route?: 'CARRIER_API' | 'DOUYIN_INTERCEPT_SERVICE' | 'KUAIDI100' | 'OFFLINE';
      overrideNotWorth: boolean;
    },
  ) {
    const { c } = await this.load(principal, caseId);
    if (!c.shipments.some((s) => s.id === body.shipmentId))
      throw badField(
        'body.shipmentId',
        `case ${caseId} has no shipment ${body.shipmentId}; shipments: ${c.shipments.map((s) => s.id).join(', ')}`,
      );
    const routes = this.deps.coordinator.routesFor(c, body.shipmentId);
    if (routes.length === 0 || (body.route && !routes.some((r) => r.route.kind === body.route))) {
      throw new ApiError(
        409,
        'NO_ROUTE',
        `no usable interception route${body.route ? ` ${body.route}` : ''} for shipment ${body.shipmentId}; usable: ${routes.map((r) => r.route.kind).join(', ') || 'none'}`,
        [{ path: body.route ? 'body.route' : 'body.shipmentId', message: 'no account configured for this route' }],
      );
    }
    const before = c.interceptions.length + c.heldInterceptions.length;
    const result = await this.deps.coordinator.requestInterception(caseId, body.shipmentId, {
      kind: body.kind,
      ...(body.route ? { routeKind: body.route } : {}),
      by: byOf(principal),
      overrideNotWorth: body.overrideNotWorth,
    });
    const after = result.case.interceptions.length + result.case.heldInterceptions.length;
    const reasons = (result.decision?.reasons ?? []).map(reasonView);
    if (after === before) {
      const issues: ApiIssue[] = reasons.map((r) => ({
        path: 'body.shipmentId',
        message: `${r.code}: ${r.en}${r.detail ? ` (${r.detail})` : ''}`,
      }));
      throw new ApiError(
        409,
        reasons[0]?.code ?? 'INTERCEPT_NOT_STARTED',
        `no interception started for shipment ${body.shipmentId}`,
        issues,
      );
    }
    return { case: await this.view(principal, caseId), reasons };
  }

  /** The eligibility verdict and its reasons now. */
  async decision(principal: Principal, caseId: string) {
    const { c } = await this.load(principal, caseId);
    const now = this.now();
    return {
      caseId,
      at: now,
      mode: c.mode,
      status: c.status,
      eligibility: eligibilityView(computeEligibility(c, this.deps.rules, now)),
      deadline: { due: c.deadline.due, overdue: c.deadline.due < now },
    };
  }

  private async applyAndView(principal: Principal, caseId: string, event: CaseEventInput, fingerprint?: string) {
    const result = await this.deps.coordinator.apply(caseId, event, fingerprint ? { fingerprint } : {});
    return {
      duplicate: result.duplicate,
      reasons: (result.decision?.reasons ?? []).map(reasonView),
      case: await this.view(principal, caseId),
    };
  }
}

function byOf(principal: Principal): string {
  return `${principal.role}:${principal.label}:${principal.keyId}`;
}
