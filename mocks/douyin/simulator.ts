// Douyin open-platform simulator: signed calls, after-sales it holds (list, detail, operate with the update_time check), the intercept service, routes and pushes.
import { type AuthCheck, BaseSimulator, jsonResponse } from '../kit/base-simulator.ts';
import type { SimRequest, SimResponse, SimulatorOptions } from '../kit/types.ts';
import type { ParcelWorld, WorldEvent } from '../kit/world.ts';
import { PushOutbox, type DeliverOptions, type PushLog, type PushTarget } from './push.ts';
import { simInt64Json, simRequestSign } from './sign.ts';
import { SIM_COMPANIES, SIM_ERRORS, SIM_ORDER_LOGISTICS_STATE, SIM_REFUSAL, SIM_ROUTE_STATE } from './tables.ts';
import { SimTokens, type SimTokenOptions } from './tokens.ts';

/** Sandbox credentials of the simulated app and shop. */
export const DOUYIN_SIM_CREDENTIALS = {
  appKey: 'douyin-sandbox-app',
  appSecret: 'douyin-sandbox-secret-0123456789',
  accessToken: 'douyin-sandbox-token',
  refreshToken: 'douyin-sandbox-refresh-token',
  shopId: '880001',
} as const;

const HOUR = 3_600_000;
const SUCCESS = { code: 10000, msg: 'success', sub_code: '', sub_msg: '' };

/** An after-sale as the platform holds it. Times in epoch ms except `updateTime` and `statusDeadline` (seconds, as the API). */
export interface SimAfterSale {
  id: string;
  shopId: string;
  orderId: string;
  skuOrders: { skuOrderId: string; payAmount: number; productName: string }[];
  parcels: { trackingNo: string; companyCode: string }[];
  /** 1 已发货仅退款. */
  type: number;
  /** 6 待商家同意, 12 售后成功, 27 商家一次拒绝, 28 售后失败. */
  status: number;
  /** 0 none, 1 待退款, 2 退款中, 3 退款成功. */
  refundStatus: number;
  /** 0 default, 1 agreed, 2 not agreed. */
  agreeRefuseSign: number;
  refundAmount: number;
  reason: string;
  reasonCode: number;
  applyTime: number;
  updateTime: number;
  statusDeadline: number;
  refundTime?: number;
  arbitrate?: { id: string; status: number };
  /** Negotiation records; role 1 buyer, 2 merchant, 3 customer service, 4 system. */
  logs: { role: number; text: string; at: number }[];
  /** Operations on this after-sale answer 11001 (must be done in the back end). */
  notOpen: boolean;
  /** Parcels intercepted through the platform's service. */
  intercepted: string[];
}

/** Options of a new after-sale (defaults: a refund-only "not received" application, now). */
export interface AddAfterSaleOptions {
  id: string;
  parcels: { trackingNo: string; companyCode: string }[];
  shopId?: string;
  orderId?: string;
  skuOrders?: SimAfterSale['skuOrders'];
  refundAmount?: number;
  reason?: string;
  applyTime?: number;
  notOpen?: boolean;
  /** Push tag 200 (default true). */
  push?: boolean;
}

/** One operate call in the ledger: every call counts, even the refused ones (the platform never deduplicates for us). */
export interface LedgerEntry {
  type: number;
  afterSaleId: string;
  updateTime?: number;
  outcome: 'PERFORMED' | 'VERSION_CONFLICT' | 'STATUS_ERROR' | 'NOT_OPEN' | 'NO_SUCH_AFTER_SALE' | 'BAD_PARAM';
  at: number;
}

/** Options of the simulator. */
export interface DouyinSimulatorOptions extends SimulatorOptions {
  credentials?: { appKey: string; appSecret: string; accessToken: string };
  /** The shop's tokens: the first refresh token (default the sandbox one), the first token's expiry, refreshed tokens' lifetime. */
  tokens?: Partial<Omit<SimTokenOptions, 'accessToken'>>;
  /** Where pushes go. */
  pushTarget?: PushTarget;
  /** The platform agrees refund-after-rejection this long after an eligible application (ms). Default 5 s. */
  autoAgreeAfterMs?: number;
  /** Every parcel added to the world gets a refund-only after-sale (the contract and the sandbox). Default false. */
  afterSalePerParcel?: boolean;
}

/** Called after an operate was performed and before its answer is sent (tests kill the caller here). */
export type PerformedHook = (entry: LedgerEntry) => void | Promise<void>;

/** The simulator. */
export class DouyinSimulator extends BaseSimulator {
  readonly carrierId = 'douyin';
  readonly afterSales = new Map<string, SimAfterSale>();
  readonly ledger: LedgerEntry[] = [];
  /** Refunds actually made, by after-sale id (a state change, once per after-sale). */
  readonly refunds = new Map<string, number>();
  readonly pushes: PushOutbox;
  onPerformed: PerformedHook | undefined;
  /** The next N performed operates lose their answer (performed, then never answered in time). */
  loseOperateAnswers = 0;
  /** Called when an operate arrives, before it is checked (tests move the after-sale on here). */
  beforeOperate: ((afterSaleIds: string[]) => void) | undefined;
  /** The shop's access and refresh tokens (`/token/refresh` rotates them). */
  readonly tokens: SimTokens;
  private readonly credentials: { appKey: string; appSecret: string; accessToken: string };
  private readonly autoAgreeAfterMs: number;
  private hookEntry: LedgerEntry | undefined;

  constructor(options: DouyinSimulatorOptions) {
    super(options);
    this.credentials = options.credentials ?? DOUYIN_SIM_CREDENTIALS;
    this.tokens = new SimTokens({
      refreshToken: DOUYIN_SIM_CREDENTIALS.refreshToken,
      ...options.tokens,
      accessToken: this.credentials.accessToken,
    });
    this.autoAgreeAfterMs = options.autoAgreeAfterMs ?? 5_000;
    this.pushes = new PushOutbox(this.credentials, options.pushTarget);
    if (options.afterSalePerParcel) {
      const world: ParcelWorld = this.world;
      const add = world.add.bind(world);
      world.add = (o) => {
        const parcel = add(o);
        if (![...this.afterSales.values()].some((a) => a.parcels.some((p) => p.trackingNo === o.waybillNo))) {
          this.addAfterSale({
            id: `7${String(this.afterSales.size + 1).padStart(18, '0')}`,
            parcels: [{ trackingNo: o.waybillNo, companyCode: 'zhongtong' }],
            push: false,
          });
        }
        return parcel;
      };
    }
  }

  private nowSec(): number {
    return Math.floor(this.clock.nowMs() / 1000);
  }

  /** A version bump: update_time never goes back and changes on every change. */
  private touch(a: SimAfterSale): void {
    a.updateTime = Math.max(a.updateTime + 1, this.nowSec());
  }

  private message(a: SimAfterSale, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      aftersale_id: a.id,
      aftersale_status: a.status,
      aftersale_type: a.type,
      shop_id: a.shopId,
      p_id: a.orderId,
      s_id: a.skuOrders[0]?.skuOrderId ?? '0',
      refund_amount: a.refundAmount,
      reason_code: a.reasonCode,
      update_time: a.updateTime,
      ...extra,
    };
  }

  /** The buyer opens a refund-only after-sale (pushes tag 200). */
  addAfterSale(options: AddAfterSaleOptions): SimAfterSale {
    const applyTime = options.applyTime ?? this.clock.nowMs();
    const skuOrders = options.skuOrders ?? [
      { skuOrderId: `5${options.id.slice(-8).padStart(8, '0')}`, payAmount: options.refundAmount ?? 12_900, productName: '测试商品' },
    ];
    const a: SimAfterSale = {
      id: options.id,
      shopId: options.shopId ?? this.credentialsShop(),
      orderId: options.orderId ?? `6${options.id.slice(-8).padStart(8, '0')}`,
      skuOrders,
      parcels: options.parcels,
      type: 1,
      status: 6,
      refundStatus: 0,
      agreeRefuseSign: 0,
      refundAmount: options.refundAmount ?? skuOrders.reduce((s, k) => s + k.payAmount, 0),
      reason: options.reason ?? '未收到货',
      reasonCode: 1,
      applyTime,
      updateTime: Math.floor(applyTime / 1000),
      statusDeadline: Math.floor((applyTime + 48 * HOUR) / 1000),
      logs: [{ role: 1, text: '买家申请仅退款', at: applyTime }],
      notOpen: options.notOpen ?? false,
      intercepted: [],
    };
    this.afterSales.set(a.id, a);
    if (options.push !== false) this.pushes.enqueue('200', this.message(a, { apply_time: Math.floor(applyTime / 1000) }));
    return a;
  }

  private credentialsShop(): string {
    return DOUYIN_SIM_CREDENTIALS.shopId;
  }

  /** The buyer withdraws the after-sale (pushes 207). */
  buyerCancel(id: string): void {
    const a = this.require(id);
    a.status = 28;
    a.logs.push({ role: 1, text: '买家撤销售后申请', at: this.clock.nowMs() });
    this.touch(a);
    this.pushes.enqueue('207', this.message(a, { close_time: this.nowSec() }));
  }

  /** The buyer modifies the application (a new version; pushes 208). */
  buyerModify(id: string, refundAmount?: number): void {
    const a = this.require(id);
    if (refundAmount !== undefined) a.refundAmount = refundAmount;
    a.logs.push({ role: 1, text: '买家修改售后申请', at: this.clock.nowMs() });
    this.touch(a);
    this.pushes.enqueue('208', this.message(a, { modify_time: this.nowSec() }));
  }

  /** The platform refunds on its own (a high-quality buyer's automatic refund, a back-end agreement): pushes 201 and 206. */
  platformRefund(id: string): void {
    const a = this.require(id);
    if (a.refundStatus === 3) return;
    this.refund(a, '平台自动退款');
  }

  /** Marks refund-after-rejection as not agreed (2). */
  decline(id: string): void {
    const a = this.require(id);
    a.agreeRefuseSign = 2;
    this.touch(a);
  }

  /** Opens an arbitration (pushes 212). */
  openArbitration(id: string): void {
    const a = this.require(id);
    a.arbitrate = { id: `arb-${id}`, status: 1 };
    this.touch(a);
    this.pushes.enqueue('212', this.message(a, { arbitrate_id: a.arbitrate.id, arbitrate_status: 1 }));
  }

  /** Queues any message (tests of tags the simulator has no story for). */
  pushRaw(tag: string, data: Record<string, unknown>): void {
    this.pushes.enqueue(tag, data);
  }

  private require(id: string): SimAfterSale {
    const a = this.afterSales.get(id);
    if (!a) throw new Error(`douyin simulator: no after-sale ${id}`);
    return a;
  }

  /** Latest visible world event of a parcel. */
  private latest(trackingNo: string): WorldEvent | undefined {
    return this.world.latest(trackingNo);
  }

  private eligible(a: SimAfterSale): boolean {
    const moving = a.parcels.every((p) => {
      const e = this.latest(p.trackingNo);
      return e !== undefined && ['COLLECTED', 'IN_TRANSIT', 'ARRIVED', 'OUT_FOR_DELIVERY'].includes(e.kind);
    });
    return (
      a.type === 1 &&
      a.refundAmount < 100_000 &&
      a.reason.includes('未收到货') &&
      moving &&
      a.parcels.every((p) => SIM_COMPANIES[p.companyCode] !== undefined)
    );
  }

  private setDeadline(a: SimAfterSale, due: number): void {
    if (due === a.statusDeadline) return;
    a.statusDeadline = due;
    this.touch(a);
    this.pushes.enqueue('209', this.message(a, { status_deadline: due }));
  }

  private refund(a: SimAfterSale, by: string): void {
    a.status = 12;
    a.refundStatus = 3;
    a.refundTime = this.clock.nowMs();
    a.logs.push({ role: 4, text: by, at: a.refundTime });
    this.refunds.set(a.id, (this.refunds.get(a.id) ?? 0) + 1);
    this.touch(a);
    this.pushes.enqueue('201', this.message(a));
    this.pushes.enqueue('206', this.message(a, { success_time: Math.floor(a.refundTime / 1000) }));
  }

  /**
   * Moves the platform forward to the clock's now: agrees eligible cases (agree_refuse_sign), shortens deadlines on
   * interception success, refusal or signature, and refunds after its own intercept service succeeded.
   */
  advance(): void {
    const now = this.clock.nowMs();
    for (const a of this.afterSales.values()) {
      if (a.status !== 6) continue;
      if (a.agreeRefuseSign === 0 && now >= a.applyTime + this.autoAgreeAfterMs && this.eligible(a)) {
        a.agreeRefuseSign = 1;
        a.logs.push({ role: 4, text: '系统自动同意拒签后退款', at: now });
        this.touch(a);
        this.setDeadline(a, Math.floor((now + 7 * 24 * HOUR) / 1000));
      }
      if (a.agreeRefuseSign === 1) {
        const trigger = a.parcels
          .flatMap((p) => this.world.visible(p.trackingNo))
          .filter((e) => ['RETURNING', 'BUYER_REFUSED', 'DELIVERED', 'RETURNED'].includes(e.kind))
          .map((e) => e.at)
          .sort((x, y) => x - y)[0];
        if (trigger !== undefined) this.setDeadline(a, Math.min(a.statusDeadline, Math.floor((trigger + 48 * HOUR) / 1000)));
      }
      const back =
        a.intercepted.length > 0 &&
        a.intercepted.every((no) => this.world.visible(no).some((e) => e.kind === 'RETURNING' || e.kind === 'RETURNED'));
      if (back) this.refund(a, '商家快递拦截成功自动退款');
    }
  }

  /** Advances the platform, then delivers pending pushes. */
  async tick(options: DeliverOptions = {}): Promise<PushLog> {
    this.advance();
    return this.pushes.deliver(options);
  }

  // ---------------------------------------------------------------- wire protocol

  protected operationOf(request: SimRequest): string {
    return request.path.replace(/^\//, '').replaceAll('/', '.');
  }

  protected authenticate(request: SimRequest): AuthCheck {
    const q = request.query;
    // The token refresh is sent without an access token (official SDK); every other call needs a valid one.
    const tokenOk = this.operationOf(request) === 'token.refresh' || this.tokens.accepts(q.access_token, this.clock.nowMs());
    const ok =
      q.app_key === this.credentials.appKey &&
      tokenOk &&
      q.v === '2' &&
      q.sign_method === 'hmac-sha256' &&
      q.method === this.operationOf(request) &&
      typeof q.timestamp === 'string' &&
      q.sign === simRequestSign(this.credentials.appKey, this.credentials.appSecret, q.method, request.body, q.timestamp);
    return ok ? { ok: true } : { ok: false, response: jsonResponse({ ...SIM_ERRORS.badSign, log_id: this.logId() }) };
  }

  /** The reference gives no Douyin quota code: the simulator answers HTTP 429 with Retry-After. */
  protected quotaError(_window: 'second' | 'minute', retryAfterMs: number): SimResponse {
    return {
      status: 429,
      headers: { 'content-type': 'text/plain', 'retry-after': String(Math.ceil(retryAfterMs / 1000)) },
      body: 'Too Many Requests',
    };
  }

  private logId(): string {
    return `sim${this.stats.requests}`;
  }

  private ok(data: unknown): SimResponse {
    return {
      status: 200,
      headers: { 'content-type': 'application/json;charset=UTF-8' },
      body: simInt64Json({ ...SUCCESS, log_id: this.logId(), data }),
    };
  }

  private error(e: { code: number; msg: string; sub_code: string; sub_msg: string }): SimResponse {
    return jsonResponse({ ...e, log_id: this.logId(), data: {} });
  }

  override async handle(request: SimRequest): Promise<SimResponse> {
    this.hookEntry = undefined;
    const response = await super.handle(request);
    const entry = this.hookEntry as LedgerEntry | undefined;
    if (entry && this.onPerformed) await this.onPerformed(entry);
    if (entry && this.loseOperateAnswers > 0) {
      this.loseOperateAnswers--;
      return { ...response, delayMs: 3_600_000 };
    }
    return response;
  }

  protected serve(request: SimRequest, operation: string): SimResponse {
    let param: Record<string, unknown>;
    try {
      param = JSON.parse(request.body || '{}') as Record<string, unknown>;
    } catch {
      return this.error(SIM_ERRORS.badParam);
    }
    this.advance();
    switch (operation) {
      case 'afterSale.Detail':
        return this.detail(param);
      case 'afterSale.List':
        return this.list(param);
      case 'afterSale.operate':
        return this.operate(param);
      case 'afterSale.applyLogisticsIntercept':
        return this.intercept(param);
      case 'logistics.trackNoRouteDetail':
        return this.track(param);
      case 'token.refresh':
        return this.refreshToken(param);
      default:
        return this.error({ ...SIM_ERRORS.badParam, sub_msg: `unknown method ${operation}` });
    }
  }

  /** `/token/refresh`: a new pair for a current refresh token (the one sent is retired). */
  private refreshToken(param: Record<string, unknown>): SimResponse {
    if (param.grant_type !== 'refresh_token' || typeof param.refresh_token !== 'string')
      return this.error({ ...SIM_ERRORS.badParam, sub_msg: 'grant_type must be refresh_token, with refresh_token' });
    const grant = this.tokens.exchange(param.refresh_token, this.clock.nowMs(), DOUYIN_SIM_CREDENTIALS.shopId);
    return grant ? this.ok(grant) : this.error(SIM_ERRORS.badRefreshToken);
  }

  private orderLogistics(a: SimAfterSale) {
    return a.parcels.map((p) => {
      const e = this.latest(p.trackingNo);
      return {
        tracking_no: p.trackingNo,
        company_code: p.companyCode,
        company_name: SIM_COMPANIES[p.companyCode]?.name ?? p.companyCode,
        logistics_state: e ? (SIM_ORDER_LOGISTICS_STATE[e.kind] ?? 0) : 0,
        logistics_time: e ? Math.floor(e.at / 1000) : 0,
      };
    });
  }

  private afterSaleInfo(a: SimAfterSale) {
    return {
      after_sale_id: a.id,
      after_sale_status: a.status,
      refund_status: a.refundStatus,
      refund_total_amount: a.refundAmount,
      refund_post_amount: 0,
      apply_time: Math.floor(a.applyTime / 1000),
      update_time: a.updateTime,
      reason: a.reason,
      reason_code: a.reasonCode,
      after_sale_type: a.type,
      status_deadline: a.statusDeadline,
      agree_refuse_sign: a.agreeRefuseSign,
      refund_time: a.refundTime ? Math.floor(a.refundTime / 1000) : 0,
      got_pkg: 0,
    };
  }

  private detail(param: Record<string, unknown>): SimResponse {
    const a = this.afterSales.get(String(param.after_sale_id ?? ''));
    if (!a) return this.error(SIM_ERRORS.noAfterSale);
    return this.ok({
      process_info: {
        after_sale_info: this.afterSaleInfo(a),
        arbitrate_info: a.arbitrate
          ? { arbitrate_id: a.arbitrate.id, arbitrate_status: a.arbitrate.status }
          : { arbitrate_id: '', arbitrate_status: 0 },
        logistics_info: { order: this.orderLogistics(a) },
        record_logs_list: a.logs.map((l) => ({ role: l.role, text: l.text, time: new Date(l.at).toISOString(), operator: '' })),
      },
      order_info: {
        shop_order_id: a.orderId,
        sku_order_infos: a.skuOrders.map((k) => ({ sku_order_id: k.skuOrderId, pay_amount: k.payAmount, product_name: k.productName })),
      },
    });
  }

  private list(param: Record<string, unknown>): SimResponse {
    const numbers = (v: unknown) => (Array.isArray(v) ? v.map(Number) : undefined);
    const tracking = Array.isArray(param.order_logistics_tracking_no)
      ? (param.order_logistics_tracking_no as unknown[]).map(String)
      : undefined;
    const agree = numbers(param.agree_refuse_sign);
    const ols = numbers(param.order_logistics_state);
    const statuses = numbers(param.standard_aftersale_status);
    const from = param.update_start_time === undefined ? undefined : Number(param.update_start_time);
    const to = param.update_end_time === undefined ? undefined : Number(param.update_end_time);
    const all = [...this.afterSales.values()]
      .filter((a) => {
        if (param.aftersale_id !== undefined && String(param.aftersale_id) !== a.id) return false;
        if (tracking && !a.parcels.some((p) => tracking.includes(p.trackingNo))) return false;
        if (agree && !agree.includes(a.agreeRefuseSign === 1 ? 1 : 2)) return false;
        if (ols && !this.orderLogistics(a).some((p) => ols.includes(p.logistics_state))) return false;
        if (statuses && !statuses.includes(a.status)) return false;
        if (from !== undefined && a.updateTime < from) return false;
        if (to !== undefined && a.updateTime > to) return false;
        return true;
      })
      .sort((x, y) => x.updateTime - y.updateTime);
    const page = Number(param.page ?? 0);
    const size = Math.min(100, Number(param.size ?? 10));
    const items = all.slice(page * size, page * size + size).map((a) => ({
      aftersale_info: {
        aftersale_id: a.id,
        aftersale_type: a.type,
        aftersale_status: a.status,
        related_id: a.orderId,
        apply_time: Math.floor(a.applyTime / 1000),
        update_time: a.updateTime,
        status_deadline: a.statusDeadline,
        refund_amount: a.refundAmount,
        refund_status: a.refundStatus,
        arbitrate_status: a.arbitrate?.status ?? 0,
        is_agree_refuse_sign: a.agreeRefuseSign === 1 ? 1 : 2,
        order_logistics: this.orderLogistics(a),
      },
      order_info: {
        shop_order_id: a.orderId,
        related_order_info: a.skuOrders.map((k) => ({
          sku_order_id: k.skuOrderId,
          pay_amount: k.payAmount,
          logistics_code: a.parcels[0]?.trackingNo ?? '',
        })),
      },
    }));
    return this.ok({ items, has_more: (page + 1) * size < all.length, total: all.length, page, size });
  }

  private operate(param: Record<string, unknown>): SimResponse {
    const type = Number(param.type);
    const items = Array.isArray(param.items) ? (param.items as Record<string, unknown>[]) : [];
    this.beforeOperate?.(items.map((i) => String(i.aftersale_id ?? '')));
    const record = (afterSaleId: string, outcome: LedgerEntry['outcome'], updateTime?: number): LedgerEntry => {
      const entry: LedgerEntry = {
        type,
        afterSaleId,
        outcome,
        at: this.clock.nowMs(),
        ...(updateTime !== undefined ? { updateTime } : {}),
      };
      this.ledger.push(entry);
      return entry;
    };
    if (![201, 202, 203].includes(type) || items.length === 0 || items.length > 20) {
      for (const item of items) record(String(item.aftersale_id ?? ''), 'BAD_PARAM');
      return this.error(SIM_ERRORS.badParam);
    }
    // All or nothing: check every item first.
    for (const item of items) {
      const id = String(item.aftersale_id ?? '');
      const updateTime = item.update_time === undefined ? undefined : Number(item.update_time);
      const a = this.afterSales.get(id);
      if (!a) {
        record(id, 'NO_SUCH_AFTER_SALE', updateTime);
        return this.error(SIM_ERRORS.noAfterSale);
      }
      if (a.notOpen) {
        record(id, 'NOT_OPEN', updateTime);
        return this.error(SIM_ERRORS.notOpen);
      }
      if (updateTime !== undefined && updateTime !== a.updateTime) {
        record(id, 'VERSION_CONFLICT', updateTime);
        return this.error(SIM_ERRORS.statusError);
      }
      const stateOk = a.status === 6 && (type !== 203 || a.agreeRefuseSign === 0);
      if (!stateOk) {
        record(id, 'STATUS_ERROR', updateTime);
        return this.error(SIM_ERRORS.statusError);
      }
      if (type === 202 && (item.reject_reason_code === undefined || !item.remark)) {
        record(id, 'BAD_PARAM', updateTime);
        return this.error(SIM_ERRORS.badParam);
      }
    }
    const results = items.map((item) => {
      const a = this.afterSales.get(String(item.aftersale_id))!;
      const entry = record(a.id, 'PERFORMED', item.update_time === undefined ? undefined : Number(item.update_time));
      this.hookEntry = entry;
      if (type === 201) this.refund(a, '商家同意退款');
      if (type === 202) {
        a.status = 27;
        a.logs.push({ role: 2, text: `商家拒绝: ${String(item.remark)}`, at: this.clock.nowMs() });
        this.touch(a);
        this.pushes.enqueue('204', this.message(a, { refuse_time: this.nowSec() }));
      }
      if (type === 203) {
        a.agreeRefuseSign = 1;
        a.logs.push({ role: 2, text: '商家同意拒签后退款', at: this.clock.nowMs() });
        this.touch(a);
        this.setDeadline(a, Math.floor((this.clock.nowMs() + 7 * 24 * HOUR) / 1000));
      }
      return { aftersale_id: a.id, status_code: 0, status_msg: 'success' };
    });
    return this.ok({ items: results });
  }

  private intercept(param: Record<string, unknown>): SimResponse {
    const a = this.afterSales.get(String(param.after_sale_id ?? ''));
    if (!a) return this.error(SIM_ERRORS.noAfterSale);
    const targets = Array.isArray(param.intercept_targets)
      ? (param.intercept_targets as { company_code?: string; tracking_no?: string }[])
      : [];
    if (targets.length === 0) return this.error(SIM_ERRORS.badParam);
    const value = a.skuOrders.reduce((s, k) => s + k.payAmount, 0);
    const results = targets.map((t) => {
      const company = SIM_COMPANIES[String(t.company_code)];
      const base = {
        company_code: String(t.company_code),
        company_name: company?.name ?? '',
        tracking_no: String(t.tracking_no),
        value_amount: value,
        other_product_amount: 0,
        settlement_mode: 0,
      };
      if (!company)
        return {
          ...base,
          can_intercept: false,
          is_success: false,
          unavailable_reason_code: SIM_REFUSAL.NOT_ALLOWED.code,
          unavailable_reason: SIM_REFUSAL.NOT_ALLOWED.reason,
          intercept_cost: 0,
        };
      const answer = this.world.intercept(String(t.tracking_no), 'PLATFORM_SERVICE', `${a.id}:${String(t.tracking_no)}`);
      if (!answer.ok) {
        const refusal = SIM_REFUSAL[answer.refusal];
        return {
          ...base,
          can_intercept: false,
          is_success: false,
          unavailable_reason_code: refusal.code,
          unavailable_reason: refusal.reason,
          intercept_cost: 0,
        };
      }
      if (!a.intercepted.includes(String(t.tracking_no))) a.intercepted.push(String(t.tracking_no));
      this.touch(a);
      return {
        ...base,
        can_intercept: true,
        is_success: true,
        unavailable_reason_code: '',
        unavailable_reason: '',
        intercept_cost: company.costFen,
      };
    });
    const success = results.filter((r) => r.is_success).length;
    return this.ok({
      intercept_results: results,
      success_count: success,
      failed_count: results.length - success,
      unavailable_reason_code: '',
      unavailable_reason: '',
      refund_amount: a.refundAmount,
    });
  }

  private track(param: Record<string, unknown>): SimResponse {
    const trackNo = String(param.track_no ?? '');
    if (!trackNo || !param.logistics_code) return this.error(SIM_ERRORS.badParam);
    const nodes = this.world.visible(trackNo).map((e) => {
      const row = SIM_ROUTE_STATE[e.kind];
      return {
        content: row.content(e.place),
        timestamp: String(Math.floor(e.at / 1000)),
        state: row.state,
        state_description: row.description,
        site_name: e.place,
      };
    });
    return this.ok({ route__node_list: nodes, track_info: { track_no: trackNo, express: String(param.logistics_code) } });
  }
}
