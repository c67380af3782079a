// Effect handlers of douyin mode: money calls through after-sale operate (PLATFORM_API), with reconciliation, and FETCH_AFTER_SALE; WEBHOOK effects go to the generic handlers.
import type { Clock } from '../../clock/clock.ts';
import type { MerchantDirectory } from '../../merchants/merchant-config.ts';
import type { MoneyEffect } from '../../cases/index.ts';
import { createEffectHandlers, type EffectHandler, type EffectHandlers, type HandlerResult } from '../../coordinator/index.ts';
import type { Store } from '../../store/connect.ts';
import { DouyinSalesRepository } from '../../store/repos/douyin-sales.ts';
import { WebhookConfigSchema, WebhookPort } from '../../merchants/webhook-port.ts';
import { DouyinAccounts, type DouyinAccount } from './accounts.ts';
import { observe } from './facts.ts';
import { DouyinHandlerError, actionDone, fetchDetail, moneyEvents, operate, type DouyinAction } from './operate.ts';
import type { AfterSaleDetail } from './schemas.ts';

/** Dependencies of the Douyin handlers. */
export interface DouyinHandlerDeps {
  store: Store;
  clock: Clock;
  merchants: MerchantDirectory;
  /** Shared accounts (the intake and the reconciler use the same); built from `merchants` when absent. */
  accounts?: DouyinAccounts;
  /**
   * The merchant's webhook port for WEBHOOK-via effects. Default: one built from its configuration, dry-run unless
   * the merchant is write-enabled (the coordinator's rule); pass `(m) => coordinator.webhookFor(m)` to share its ports.
   */
  webhook?: (merchantId: string) => WebhookPort | undefined;
}

/** The handlers; give them to the Coordinator as `handlers`. */
export function createDouyinHandlers(deps: DouyinHandlerDeps): EffectHandlers {
  const accounts = deps.accounts ?? new DouyinAccounts(deps.merchants, deps.clock);
  const ports = new Map<string, WebhookPort>();
  const webhook =
    deps.webhook ??
    ((merchantId: string) => {
      const m = deps.merchants.get(merchantId);
      if (!m?.webhook) return undefined;
      const key = `${merchantId}:${m.writeEnabled}:${m.webhook.url}`;
      let port = ports.get(key);
      if (!port) {
        port = new WebhookPort(WebhookConfigSchema.parse({ ...m.webhook, dryRun: m.webhook.dryRun || !m.writeEnabled }), deps.clock);
        ports.set(key, port);
      }
      return port;
    });
  const sales = new DouyinSalesRepository(deps.store);
  const merchantOf = (caseId: string) => sales.merchantOfCase(caseId);
  const generic = createEffectHandlers({ store: deps.store, clock: deps.clock, merchantOf, webhook });

  const accountOfCase = async (caseId: string): Promise<DouyinAccount> => {
    const merchantId = await merchantOf(caseId);
    let account: DouyinAccount | undefined;
    try {
      account = accounts.get(merchantId);
    } catch (error) {
      throw new DouyinHandlerError(error instanceof Error ? error.message : String(error), false);
    }
    if (!account) throw new DouyinHandlerError(`merchant ${merchantId} has no douyin account`, false);
    return account;
  };
  /** Details read by reconcile, for onReconciledDone (which cannot read). */
  const reconciled = new Map<string, AfterSaleDetail>();

  function money<E extends MoneyEffect>(action: DouyinAction, fallback: EffectHandler<E> | undefined): EffectHandler<E> {
    return {
      money: true,
      async run(effect, target): Promise<HandlerResult> {
        if (effect.via !== 'PLATFORM_API') {
          if (!fallback) throw new DouyinHandlerError(`no handler for ${effect.type} via ${effect.via}`, false);
          return fallback.run(effect, target);
        }
        const account = await accountOfCase(target.caseId);
        return operate(account, { action, afterSaleId: effect.afterSaleId, write: account.merchant.writeEnabled }, deps.clock);
      },
      async reconcile(effect, target) {
        if (effect.via !== 'PLATFORM_API') {
          if (!fallback?.reconcile) throw new DouyinHandlerError(`no reconciliation for ${effect.type} via ${effect.via}`, false);
          return fallback.reconcile(effect, target);
        }
        const account = await accountOfCase(target.caseId);
        const detail = await fetchDetail(account, effect.afterSaleId);
        if (!actionDone(action, detail)) return 'NOT_FOUND';
        reconciled.set(effect.idempotencyKey, detail);
        return 'DONE';
      },
      onReconciledDone(effect, target) {
        if (effect.via !== 'PLATFORM_API') return fallback?.onReconciledDone?.(effect, target) ?? { events: [] };
        const detail = reconciled.get(effect.idempotencyKey);
        reconciled.delete(effect.idempotencyKey);
        return { events: detail ? moneyEvents(detail, {}) : [], result: { outcome: 'RECONCILED', action } };
      },
    };
  }

  return {
    AGREE_REFUND: money('refund', generic.AGREE_REFUND),
    AGREE_REFUSE_SIGN: money('agree-refuse-sign', generic.AGREE_REFUSE_SIGN),
    REJECT_REFUND: money('reject', generic.REJECT_REFUND),
    FETCH_AFTER_SALE: {
      async run(effect) {
        const caseId = await sales.anyCaseIdOf(effect.afterSaleId);
        if (caseId === undefined) throw new DouyinHandlerError(`no douyin case for after-sale ${effect.afterSaleId}`, false);
        const account = await accountOfCase(caseId);
        const detail = await fetchDetail(account, effect.afterSaleId);
        return {
          events: observe(detail, account.config.companyCodes).map((f) => f.event),
          result: { outcome: 'FETCHED', updateTime: detail.process_info.after_sale_info.update_time },
        };
      },
    },
  };
}
