// The Douyin open-platform client: a signed API call shared with src/platform/douyin, and the hub's track and intercept.
import type { z } from 'zod';
import type { CarrierClient, CarrierContext } from '../../src/carrier/define.ts';
import { BadResponseError, errorFromTable, InvalidRequestError, type CarrierError } from '../../src/carrier/errors.ts';
import { validateCarrierPayload, type CarrierHttp } from '../../src/carrier/http.ts';
import type { InterceptRequest, InterceptResult, TrackInput, TrackResult, TrackingEvent } from '../../src/carrier/model.ts';
import { sortEvents, statusFromEvents } from '../../src/carrier/status.ts';
import type { Clock } from '../../src/clock/clock.ts';
import type { DouyinConfig } from './config.ts';
import {
  DOUYIN_ERRORS,
  DOUYIN_SUCCESS,
  FINISHED_AFTER_SALE_STATUSES,
  companyCodeOf,
  errorCodeOf,
  refusalOf,
  routeKind,
} from './mapping.ts';
import {
  AfterSaleLookupSchema,
  type DouyinEnvelope,
  DouyinEnvelopeSchema,
  InterceptDataSchema,
  parseJsonKeepingIds,
  type RouteNode,
  TrackDataSchema,
} from './schemas.ts';
import { canonicalParamJson, douyinSign, methodOfPath } from './sign.ts';

/** Registry id of the Douyin hub. */
export const DOUYIN_ID = 'douyin';

/** API paths (reference §16; after-sale list from the official SDK's `afterSale_List`). */
export const DOUYIN_PATHS = {
  intercept: '/afterSale/applyLogisticsIntercept',
  track: '/logistics/trackNoRouteDetail',
  afterSaleList: '/afterSale/List',
  afterSaleDetail: '/afterSale/Detail',
  afterSaleOperate: '/afterSale/operate',
  tokenRefresh: '/token/refresh',
} as const;

/** A signed request, exactly as it would go on the wire (dry-run records it). */
export interface DouyinPreparedRequest {
  path: string;
  /** Query parameters: app_key, method, timestamp, sign, v, sign_method, and access_token unless the call is made without one (token refresh). */
  params: Record<string, string>;
  /** The param_json body. */
  body: string;
}

/** The app credentials and token a call is signed with; without `accessToken` the call carries none (as `/token/refresh` is sent). */
export type DouyinCredentials = Pick<DouyinConfig, 'appKey' | 'appSecret'> & { accessToken?: string };

/** The low-level API, shared by the hub plugin and the platform adapter. */
export interface DouyinApi {
  /** Signs a call without sending it. */
  prepare(path: string, param: Record<string, unknown>): DouyinPreparedRequest;
  /** Sends a call and returns its envelope, whatever its code (transport errors are thrown typed). */
  envelope(path: string, param: Record<string, unknown>, what: string): Promise<DouyinEnvelope>;
  /** Sends a call that must succeed and validates its `data`; other codes become typed errors from the table. */
  call<S extends z.ZodType>(path: string, param: Record<string, unknown>, schema: S, what: string): Promise<z.infer<S>>;
}

/** The typed error of a non-success envelope; `carrierCode` is the most specific code (11001, 20309541, ...). */
export function envelopeError(envelope: DouyinEnvelope): CarrierError {
  const code = errorCodeOf(envelope.code, envelope.sub_code);
  const message = [envelope.msg, envelope.sub_code, envelope.sub_msg].filter(Boolean).join(' / ');
  return errorFromTable(DOUYIN_ID, DOUYIN_ERRORS, code, message || undefined, envelope);
}

/** Builds the shared API over an HTTP client. */
export function createDouyinApi(credentials: DouyinCredentials, deps: { http: CarrierHttp; clock: Clock }): DouyinApi {
  const prepare = (path: string, param: Record<string, unknown>): DouyinPreparedRequest => {
    const body = canonicalParamJson(param);
    const method = methodOfPath(path);
    const timestamp = String(Math.floor(deps.clock.nowMs() / 1000));
    const sign = douyinSign({ appKey: credentials.appKey, appSecret: credentials.appSecret, method, paramJson: body, timestamp });
    return {
      path,
      params: {
        app_key: credentials.appKey,
        method,
        timestamp,
        sign,
        v: '2',
        sign_method: 'hmac-sha256',
        ...(credentials.accessToken === undefined ? {} : { access_token: credentials.accessToken }),
      },
      body,
    };
  };
  const envelope = async (path: string, param: Record<string, unknown>, what: string): Promise<DouyinEnvelope> => {
    const request = prepare(path, param);
    const response = await deps.http.send({
      method: 'POST',
      url: path,
      params: request.params,
      headers: { 'Content-Type': 'application/json;charset=UTF-8' },
      body: request.body,
    });
    let data: unknown;
    try {
      data = parseJsonKeepingIds(response.body);
    } catch (error) {
      throw new BadResponseError(DOUYIN_ID, `${what}: body is not JSON`, [{ path: '', message: 'not JSON' }], {
        raw: response.body,
        cause: error,
      });
    }
    return validateCarrierPayload(DOUYIN_ID, DouyinEnvelopeSchema, data, what);
  };
  return {
    prepare,
    envelope,
    async call(path, param, schema, what) {
      const env = await envelope(path, param, what);
      if (env.code !== DOUYIN_SUCCESS) throw envelopeError(env);
      return validateCarrierPayload(DOUYIN_ID, schema, env.data ?? {}, what);
    },
  };
}

/** The hub client: the methods the plugin declares, none more. */
export type DouyinClient = Required<Pick<CarrierClient, 'track' | 'intercept'>>;

function nodeEvent(node: RouteNode): TrackingEvent {
  const place = node.site_name ?? undefined;
  return {
    kind: routeKind(`${node.state_description} ${node.content}`),
    at: new Date(node.timestamp * 1000).toISOString(),
    ...(place ? { place } : {}),
    description: node.content,
    rawCode: node.state,
  };
}

/** Builds the hub client of one account. */
export function createClient(config: DouyinConfig, ctx: CarrierContext): DouyinClient {
  const api = createDouyinApi(config, ctx);
  const companyOf = (carrierId: string | undefined, what: string): string => {
    if (!carrierId)
      throw new InvalidRequestError(DOUYIN_ID, `${what}: carrierId is required (the platform needs the parcel's company_code)`);
    const code = companyCodeOf(carrierId, config.companyCodes);
    if (!code)
      throw new InvalidRequestError(DOUYIN_ID, `${what}: no Douyin company_code for carrier ${carrierId} (add it to companyCodes)`);
    return code;
  };

  /** The open after-sale of a parcel, when the caller gave none (after-sale list filtered by tracking number). */
  async function afterSaleOf(waybillNo: string): Promise<string> {
    const data = await api.call(
      DOUYIN_PATHS.afterSaleList,
      { order_logistics_tracking_no: [waybillNo], page: 0, size: 20 },
      AfterSaleLookupSchema,
      'afterSale.List',
    );
    const open = (data.items ?? []).filter((i) => !FINISHED_AFTER_SALE_STATUSES.has(i.aftersale_info.aftersale_status));
    if (open.length !== 1) {
      throw new InvalidRequestError(
        DOUYIN_ID,
        `intercept: ${open.length === 0 ? 'no open after-sale' : `${open.length} open after-sales`} for waybill ${waybillNo}; pass context.afterSaleId`,
      );
    }
    return open[0]!.aftersale_info.aftersale_id;
  }

  return {
    async track(inputs: readonly TrackInput[]): Promise<TrackResult[]> {
      const out: TrackResult[] = [];
      for (const input of inputs) {
        const data = await api.call(
          DOUYIN_PATHS.track,
          { logistics_code: companyOf(input.carrierId, 'track'), track_no: input.waybillNo },
          TrackDataSchema,
          'logistics.trackNoRouteDetail',
        );
        const events = sortEvents((data.route__node_list ?? []).map(nodeEvent));
        out.push({
          waybillNo: input.waybillNo,
          carrierId: DOUYIN_ID,
          found: events.length > 0,
          status: statusFromEvents(events),
          events,
          raw: data,
        });
      }
      return out;
    },

    async intercept(input: InterceptRequest): Promise<InterceptResult> {
      const companyCode = companyOf(input.carrierId, 'intercept');
      const afterSaleId = input.context?.afterSaleId ?? (await afterSaleOf(input.waybillNo));
      const data = await api.call(
        DOUYIN_PATHS.intercept,
        {
          after_sale_id: afterSaleId,
          op_from: config.opFrom,
          intercept_targets: [{ company_code: companyCode, tracking_no: input.waybillNo }],
        },
        InterceptDataSchema,
        'afterSale.applyLogisticsIntercept',
      );
      const item = data.intercept_results.find((r) => r.tracking_no === input.waybillNo);
      if (!item) {
        throw new BadResponseError(
          DOUYIN_ID,
          `intercept: no result for ${input.waybillNo}`,
          [{ path: 'intercept_results', message: 'missing the requested tracking_no' }],
          { raw: data },
        );
      }
      const raw = {
        ...item,
        after_sale_id: afterSaleId,
        success_count: data.success_count,
        failed_count: data.failed_count,
        refund_amount: data.refund_amount,
      };
      const cost =
        item.intercept_cost !== undefined && item.intercept_cost !== null
          ? { fen: item.intercept_cost, payer: 'MERCHANT' as const }
          : undefined;
      const code =
        item.unavailable_reason_code === undefined || item.unavailable_reason_code === null || item.unavailable_reason_code === ''
          ? undefined
          : String(item.unavailable_reason_code);
      if (item.can_intercept && item.is_success) {
        return { state: 'ACCEPTED', carrierRef: `${afterSaleId}:${item.tracking_no}`, ...(cost ? { cost } : {}), raw };
      }
      const reason = item.unavailable_reason ?? data.unavailable_reason ?? '';
      return {
        state: 'REJECTED',
        refusal: refusalOf(reason),
        carrierCode: code ?? (item.can_intercept ? 'NOT_SUCCESS' : 'CANNOT_INTERCEPT'),
        message: reason || undefined,
        raw,
      };
    },
  };
}
