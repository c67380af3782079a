// After-sale operate (201 agree refund-only, 202 reject, 203 agree refund-after-rejection) with the update_time check: conflict → refetch → re-decide.
import type { Clock } from '../../clock/clock.ts';
import type { CaseEventInput } from '../../cases/index.ts';
import type { HandlerResult } from '../../coordinator/index.ts';
import { DOUYIN_PATHS, envelopeError } from '../../../carriers/douyin/client.ts';
import { DOUYIN_SUCCESS, errorCodeOf } from '../../../carriers/douyin/mapping.ts';
import type { DouyinAccount } from './accounts.ts';
import { OPERABLE_STATUSES, REJECTED_STATUSES, observe } from './facts.ts';
import { AfterSaleDetailSchema, type AfterSaleDetail, OperateDataSchema } from './schemas.ts';

/** The money actions lanjie takes on Douyin, by the case rules' action name. */
export type DouyinAction = 'refund' | 'agree-refuse-sign' | 'reject';

/** Operate `type` per action (reference §16 and anchors §8: 203 is known from third-party SDK docs only). */
export const OPERATE_TYPE: Readonly<Record<DouyinAction, number>> = { refund: 201, reject: 202, 'agree-refuse-sign': 203 };

/** Business codes the adapter acts on. */
export const NOT_OPEN_CODE = '11001';
/** 售后状态错误: the answer to a stale `update_time` or an after-sale whose state moved on (I: the platform names one code for both). */
export const STATUS_ERROR_CODE = '20309541';

/** How many version conflicts in a row the adapter re-decides before giving the effect back to the runner. */
export const MAX_CONFLICTS = 3;

/** An adapter error with the runner's retryability. */
export class DouyinHandlerError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DouyinHandlerError';
  }
}

/** Reads an after-sale's detail. */
export async function fetchDetail(account: DouyinAccount, afterSaleId: string): Promise<AfterSaleDetail> {
  return account.api.call(
    DOUYIN_PATHS.afterSaleDetail,
    { after_sale_id: afterSaleId, need_operation_record: true },
    AfterSaleDetailSchema,
    'afterSale.Detail',
  );
}

/** Whether the after-sale already shows the action done ("already refunded", "already agreed" count as success). */
export function actionDone(action: DouyinAction, detail: AfterSaleDetail): boolean {
  const info = detail.process_info.after_sale_info;
  switch (action) {
    case 'refund':
      return info.after_sale_status === 12 || info.refund_status === 2 || info.refund_status === 3;
    case 'agree-refuse-sign':
      return info.agree_refuse_sign === 1;
    case 'reject':
      return REJECTED_STATUSES.has(info.after_sale_status);
  }
}

/** Why the action can no longer be taken (closed, refunded, declined, moved on); undefined when it still can. */
export function actionImpossible(action: DouyinAction, detail: AfterSaleDetail): string | undefined {
  const info = detail.process_info.after_sale_info;
  if (action === 'agree-refuse-sign' && info.agree_refuse_sign === 2)
    return 'the platform declined refund-after-rejection: never agreed by lanjie';
  if (action === 'reject' && (info.refund_status === 3 || info.after_sale_status === 12)) return 'already refunded';
  if (!OPERABLE_STATUSES.has(info.after_sale_status)) return `after-sale status ${info.after_sale_status} is not operable`;
  return undefined;
}

/** Case events a money call's outcome should record: the platform's money facts from the detail. */
export function moneyEvents(detail: AfterSaleDetail, overrides: Readonly<Record<string, string>>): CaseEventInput[] {
  const money = new Set(['REFUNDED', 'CLOSED', 'REFUSE_SIGN_AGREED', 'REFUSE_SIGN_DECLINED']);
  return observe(detail, overrides)
    .map((f) => f.event)
    .filter((e) => money.has(e.type));
}

/** What one effect asks of the platform. */
export interface OperateRequest {
  action: DouyinAction;
  afterSaleId: string;
  /** Write or only record what would be sent (dry-run). */
  write: boolean;
}

function operateParam(account: DouyinAccount, request: OperateRequest, updateTime: number): Record<string, unknown> {
  const item: Record<string, unknown> = { aftersale_id: request.afterSaleId, update_time: updateTime };
  if (request.action === 'reject') {
    if (account.config.rejectReasonCode === undefined)
      throw new DouyinHandlerError(
        `merchant ${account.merchant.id}: set accounts.douyin.rejectReasonCode (from /afterSale/rejectReasonCodeList) before lanjie may reject`,
        false,
      );
    item.reject_reason_code = account.config.rejectReasonCode;
    item.reason = '买家已签收';
    item.remark = '包裹已签收，如不再需要商品，请申请退货退款';
    item.evidence = account.config.rejectEvidence;
  }
  return { type: OPERATE_TYPE[request.action], items: [item] };
}

/**
 * Performs one operate. Before sending, and after every 售后状态错误, the after-sale is read again and the action
 * re-decided: done already → success; no longer possible → the observed facts, nothing sent; still possible → sent
 * with the fresh `update_time`. 11001 becomes a support task. Dry-run reads but sends nothing.
 */
export async function operate(account: DouyinAccount, request: OperateRequest, clock: Clock): Promise<HandlerResult> {
  const overrides = account.config.companyCodes;
  let detail = await fetchDetail(account, request.afterSaleId);
  const conflicts: number[] = [];
  for (;;) {
    const info = detail.process_info.after_sale_info;
    if (actionDone(request.action, detail)) {
      return {
        events: moneyEvents(detail, overrides),
        result: { outcome: 'ALREADY_DONE', action: request.action, updateTime: info.update_time, conflicts },
      };
    }
    const impossible = actionImpossible(request.action, detail);
    if (impossible)
      return {
        events: moneyEvents(detail, overrides),
        result: { outcome: 'NOT_POSSIBLE', action: request.action, why: impossible, conflicts },
      };
    const param = operateParam(account, request, info.update_time);
    if (!request.write) {
      const prepared = account.api.prepare(DOUYIN_PATHS.afterSaleOperate, param);
      const { access_token: _token, ...params } = prepared.params;
      return {
        events: [],
        result: {
          outcome: 'DRY_RUN',
          action: request.action,
          wouldSend: {
            url: `${account.config.baseUrl.replace(/\/$/, '')}${prepared.path}`,
            params: { ...params, access_token: '***' },
            body: prepared.body,
          },
        },
      };
    }
    const envelope = await account.api.envelope(DOUYIN_PATHS.afterSaleOperate, param, 'afterSale.operate');
    if (envelope.code === DOUYIN_SUCCESS) {
      const answer = OperateDataSchema.safeParse(envelope.data ?? {});
      // handled: the action is done; the money events it would give come again with the next push or reconcile round
      const after = await fetchDetail(account, request.afterSaleId).catch(() => undefined);
      return {
        events: after ? moneyEvents(after, overrides) : [],
        result: {
          outcome: 'PERFORMED',
          action: request.action,
          updateTime: info.update_time,
          answer: answer.success ? answer.data : envelope.data,
          conflicts,
        },
      };
    }
    const code = errorCodeOf(envelope.code, envelope.sub_code);
    if (code === NOT_OPEN_CODE) {
      return {
        events: [
          {
            type: 'PLATFORM_MANUAL_REQUIRED',
            at: clock.now().toISOString(),
            action: request.action,
            detail: `Douyin ${code}: ${envelope.sub_msg ?? envelope.msg ?? ''} (after-sale ${request.afterSaleId})`,
          },
        ],
        result: { outcome: 'MANUAL_REQUIRED', action: request.action, envelope },
      };
    }
    if (code === STATUS_ERROR_CODE && conflicts.length < MAX_CONFLICTS) {
      conflicts.push(info.update_time);
      detail = await fetchDetail(account, request.afterSaleId);
      continue;
    }
    throw envelopeError(envelope);
  }
}
