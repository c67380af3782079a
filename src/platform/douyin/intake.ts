// Message push intake: verify event-sign, store each message in the inbox (deduplicated on msg_id) before replying, then turn tags into case events.
import type { Clock } from '../../clock/clock.ts';
import type { PushReply, PushRequest } from '../../carrier/model.ts';
import type { MerchantConfig, MerchantDirectory } from '../../merchants/merchant-config.ts';
import type { CaseEventInput } from '../../cases/index.ts';
import type { CaseService } from '../../coordinator/index.ts';
import type { Store } from '../../store/connect.ts';
import { type Logger, silentLogger } from '../../runtime/logger.ts';
import { withTransaction } from '../../store/transaction.ts';
import { DOUYIN_INBOX_SOURCE, DouyinInboxRepository } from '../../store/repos/douyin-inbox.ts';
import { DouyinSalesRepository } from '../../store/repos/douyin-sales.ts';
import { verifyDouyinEventSign } from '../../../carriers/douyin/sign.ts';
import { parseJsonKeepingIds } from '../../../carriers/douyin/schemas.ts';
import { DouyinAccounts, type DouyinAccount } from './accounts.ts';
import { closeCause, caseReason, caseReasonText, douyinCaseId, observe, openRequestFrom, type Fact } from './facts.ts';
import { PUSH_SUCCESS_REPLY, TAG_ACTIONS } from './messages.ts';
import { fetchDetail } from './operate.ts';
import { MessageDataSchema, PushBodySchema, type MessageData } from './schemas.ts';

export { DOUYIN_INBOX_SOURCE };

/** What the intake needs from the coordinator. */
export interface CaseSink {
  openCase: CaseService['open'];
  apply: CaseService['apply'];
}

/** Options of the intake. */
export interface DouyinIntakeOptions {
  store: Store;
  clock: Clock;
  merchants: MerchantDirectory;
  /** The coordinator (or anything with its openCase/apply). */
  cases: CaseSink;
  accounts?: DouyinAccounts;
  /** Where failed processing is logged with message ids. Default: silent. */
  logger?: Logger;
  /** The apps whose pushes are accepted; default: every app in the merchants' douyin accounts. */
  apps?: { appKey: string; appSecret: string }[];
}

/** What one push did. */
export interface IntakeResult {
  reply: PushReply;
  /** Messages newly stored. */
  stored: number;
  /** Messages already in the inbox (same msg_id). */
  duplicates: number;
}

/** What processing one stored message did. */
export interface ProcessedMessage {
  msgId: string;
  tag: string;
  outcome: string;
  caseId?: string;
}

const reply = (status: number, body: string): PushReply => ({ status, contentType: 'application/json', body });

/** The intake; the API mounts `handle` on POST /v1/platform/douyin/messages. */
export class DouyinIntake {
  private readonly accounts: DouyinAccounts;

  private readonly log: Logger;
  private readonly inbox: DouyinInboxRepository;
  private readonly sales: DouyinSalesRepository;

  constructor(private readonly options: DouyinIntakeOptions) {
    this.log = options.logger ?? silentLogger;
    this.accounts = options.accounts ?? new DouyinAccounts(options.merchants, options.clock);
    this.inbox = new DouyinInboxRepository(options.store);
    this.sales = new DouyinSalesRepository(options.store);
  }

  private now(): string {
    return this.options.clock.now().toISOString();
  }

  /**
   * Verifies and stores a push, then answers. Nothing is stored when the signature or the body is bad.
   * Processing is separate (`processPending`), so a platform outage while reading details never loses a message.
   */
  async receive(request: PushRequest): Promise<IntakeResult> {
    const sign = request.headers['event-sign'];
    const apps = this.options.apps ?? this.accounts.apps();
    if (!apps.some((app) => verifyDouyinEventSign(app.appKey, request.body, app.appSecret, sign))) {
      return { reply: reply(401, '{"code":1,"msg":"invalid event-sign"}'), stored: 0, duplicates: 0 };
    }
    let messages: ReturnType<typeof PushBodySchema.parse>;
    try {
      messages = PushBodySchema.parse(parseJsonKeepingIds(request.body));
    } catch {
      // handled: answered to the sender as a 400
      return { reply: reply(400, '{"code":1,"msg":"body is not a JSON array of {tag, msg_id, data}"}'), stored: 0, duplicates: 0 };
    }
    const now = this.now();
    const stored = await withTransaction(this.options.store, async (tx) => {
      let n = 0;
      for (const m of messages) n += await this.inbox.add(tx, m.msg_id, JSON.stringify(m), now);
      return n;
    });
    return { reply: reply(200, PUSH_SUCCESS_REPLY), stored, duplicates: messages.length - stored };
  }

  /** receive(), then process what is pending; the reply does not depend on processing. */
  async handle(request: PushRequest): Promise<IntakeResult> {
    const result = await this.receive(request);
    if (result.stored > 0)
      await this.processPending().catch((error: unknown) =>
        this.log.error(
          { err: error, stored: result.stored },
          'processing stored Douyin pushes failed; they stay pending for the next drain',
        ),
      );
    return result;
  }

  /** Processes stored messages not processed yet, oldest first. A message whose processing fails stays pending. */
  async processPending(limit = 200): Promise<ProcessedMessage[]> {
    const rows = await this.inbox.pending(limit);
    const out: ProcessedMessage[] = [];
    for (const row of rows) {
      const message = JSON.parse(row.body) as { tag: string; msg_id: string; data: string };
      try {
        const done = await this.process(message.tag, message.msg_id, message.data);
        out.push(done);
        await this.inbox.markProcessed(row.id, this.now());
      } catch (error) {
        this.log.warn({ err: error, msgId: message.msg_id, tag: message.tag }, 'processing a Douyin push failed; it stays pending');
        out.push({ msgId: message.msg_id, tag: message.tag, outcome: `FAILED: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
    return out;
  }

  private async caseOf(merchant: MerchantConfig, afterSaleId: string): Promise<string | undefined> {
    return this.sales.caseIdOf(merchant.id, afterSaleId);
  }

  private async applyFacts(caseId: string, facts: readonly Fact[]): Promise<number> {
    let applied = 0;
    for (const f of facts) if (!(await this.options.cases.apply(caseId, f.event, { fingerprint: f.fingerprint })).duplicate) applied++;
    return applied;
  }

  /** Opens the case of an after-sale from its detail (idempotent), then records what the detail says. */
  async openFromDetail(account: DouyinAccount, afterSaleId: string): Promise<string> {
    const detail = await fetchDetail(account, afterSaleId);
    const request = openRequestFrom(detail, account.merchant, account.config.companyCodes);
    const opened = await this.options.cases.openCase(request);
    await this.applyFacts(opened.case.id, observe(detail, account.config.companyCodes));
    return opened.case.id;
  }

  private async process(tag: string, msgId: string, dataText: string): Promise<ProcessedMessage> {
    const action = TAG_ACTIONS[tag] ?? { kind: 'IGNORE' as const };
    const base = { msgId, tag };
    if (action.kind === 'IGNORE') return { ...base, outcome: 'IGNORED' };
    const data: MessageData = MessageDataSchema.parse(parseJsonKeepingIds(dataText));
    const merchant = data.shop_id === undefined ? undefined : this.options.merchants.byDouyinShop(data.shop_id);
    if (!merchant) return { ...base, outcome: `NO_MERCHANT for shop ${data.shop_id ?? '(none)'}` };
    const account = this.accounts.get(merchant.id);
    if (!account) return { ...base, outcome: `NO_DOUYIN_ACCOUNT for merchant ${merchant.id}` };
    if (action.kind === 'RETRACK') return { ...base, outcome: `RETRACKED ${await this.retrack(merchant, data)}` };
    const afterSaleId = data.aftersale_id;
    if (afterSaleId === undefined) return { ...base, outcome: 'NO_AFTER_SALE_ID' };
    if (action.kind === 'OPEN_CASE') {
      const caseId = await this.openFromDetail(account, afterSaleId);
      return { ...base, outcome: 'CASE_OPENED', caseId };
    }
    const caseId = await this.caseOf(merchant, afterSaleId);
    if (!caseId) {
      // The 200 was lost or came later: open the case from the detail, which also records this message's fact.
      const opened = await this.openFromDetail(account, afterSaleId);
      return { ...base, outcome: 'CASE_OPENED_LATE', caseId: opened };
    }
    const at = (seconds: number) => new Date(seconds > 0 ? seconds * 1000 : this.options.clock.nowMs()).toISOString();
    const facts: Fact[] = [];
    switch (action.kind) {
      case 'OBSERVE': {
        facts.push(...observe(await fetchDetail(account, afterSaleId), account.config.companyCodes));
        break;
      }
      case 'REFUNDED':
        facts.push({ fingerprint: `douyin:${afterSaleId}:REFUNDED`, event: { type: 'REFUNDED', at: at(data.success_time) } });
        break;
      case 'REJECTED':
        facts.push({ fingerprint: `douyin:${afterSaleId}:CLOSED`, event: { type: 'CLOSED', at: at(0), cause: 'REJECTED' } });
        break;
      case 'CLOSED': {
        const detail = await fetchDetail(account, afterSaleId);
        facts.push({
          fingerprint: `douyin:${afterSaleId}:CLOSED`,
          event: { type: 'CLOSED', at: at(data.close_time), cause: closeCause(detail) },
        });
        break;
      }
      case 'BUYER_MODIFIED': {
        const detail = await fetchDetail(account, afterSaleId);
        const info = detail.process_info.after_sale_info;
        const event: CaseEventInput = {
          type: 'BUYER_MODIFIED',
          at: at(0),
          refundAmountFen: data.refund_amount ?? info.refund_total_amount,
          reason: caseReason(info.reason),
          ...caseReasonText(info.reason),
        };
        facts.push({ fingerprint: `douyin:${afterSaleId}:MODIFIED:${info.update_time}`, event });
        break;
      }
      case 'DEADLINE':
        if (data.status_deadline > 0)
          facts.push({
            fingerprint: `douyin:${afterSaleId}:DEADLINE:${data.status_deadline}`,
            event: { type: 'PLATFORM_DEADLINE_CHANGED', at: at(0), due: new Date(data.status_deadline * 1000).toISOString() },
          });
        // A deadline change is how an automatic agreement shows (7 days): the agreement itself is read from the detail.
        facts.push(...observe(await fetchDetail(account, afterSaleId), account.config.companyCodes));
        break;
      case 'ARBITRATION':
        facts.push({
          fingerprint: `douyin:${afterSaleId}:ARBITRATION:${data.arbitrate_id ?? ''}:${action.status}`,
          event: {
            type: 'ARBITRATION',
            at: at(0),
            status: action.status,
            raw: { tag, arbitrate_id: data.arbitrate_id, arbitrate_status: data.arbitrate_status },
          },
        });
        break;
    }
    const applied = await this.applyFacts(caseId, facts);
    return { ...base, outcome: `${action.kind}: ${applied} new of ${facts.length}`, caseId };
  }

  /** Tag 104: the order's parcels are polled at the next tracker round. Returns how many rows were due again. */
  private async retrack(merchant: MerchantConfig, data: MessageData): Promise<number> {
    const now = this.now();
    const caseIds = new Set<string>();
    const code = data.logistics_msg?.logistics_code;
    if (code) {
      for (const id of await this.sales.caseIdsByWaybill(merchant.id, code)) caseIds.add(id);
    }
    if (data.p_id !== undefined) {
      const open = await this.sales.openCases(merchant.id);
      for (const r of open) if ((JSON.parse(r.state_json) as { orderId: string }).orderId === data.p_id) caseIds.add(r.id);
    }
    if (caseIds.size === 0) return 0;
    return this.sales.pollAgain([...caseIds], now);
  }

  /** A stable id of a case for an after-sale (for callers that know the merchant). */
  static caseId(merchantId: string, afterSaleId: string): string {
    return douyinCaseId(merchantId, afterSaleId);
  }
}
