// Interceptions without a case (`POST /v1/intercepts`): one per merchant and idempotency key, straight to the merchant's account through the resilient client, stored in `intercepts`.
import { createHash, randomBytes } from 'node:crypto';
import type { MerchantAccounts } from '../merchants/accounts.ts';
import type { Clock } from '../clock/clock.ts';
import { CarrierError } from '../carrier/errors.ts';
import type { CarrierRegistry } from '../carrier/registry.ts';
import type { ResilientCarrierClient } from '../carrier/resilience.ts';
import type { InterceptResult } from '../carrier/model.ts';
import type { Store } from '../store/connect.ts';
import type { Logger } from '../runtime/logger.ts';
import { InterceptRepository, type InterceptRow } from '../store/repos/intercepts.ts';
import { ApiError, badField, notFound } from './errors.ts';
import type { z } from 'zod';
import type { StandaloneInterceptBodySchema } from './schemas.ts';

type Body = z.output<typeof StandaloneInterceptBodySchema>;

/** Dependencies. */
export interface InterceptApiDeps {
  store: Store;
  clock: Clock;
  registry: CarrierRegistry;
  accounts: MerchantAccounts;
  /** Where a failed carrier call is logged with the interception, merchant and carrier ids. */
  logger: Pick<Logger, 'warn'>;
}

/** The view of a stored interception. */
export function interceptView(row: InterceptRow) {
  const request = JSON.parse(row.request_json) as Record<string, unknown>;
  const result = row.result_json ? (JSON.parse(row.result_json) as Partial<InterceptResult>) : undefined;
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    merchantId: row.merchant_id,
    carrierId: row.carrier_id,
    waybillNo: row.waybill_no,
    kind: row.kind,
    route: row.route,
    state: row.state,
    reason: request.reason,
    ...(result
      ? {
          result: {
            state: result.state,
            carrierRef: result.carrierRef,
            refusal: result.refusal,
            carrierCode: result.carrierCode,
            message: result.message,
            cost: result.cost,
          },
        }
      : {}),
    ...(row.error_json ? { error: JSON.parse(row.error_json) as unknown } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The standalone interception service. */
export class InterceptApi {
  private readonly repo: InterceptRepository;

  constructor(private readonly deps: InterceptApiDeps) {
    this.repo = new InterceptRepository(deps.store);
  }

  /** The carrier of the number: named (must be registered) or the best detected one. */
  private carrierOf(body: Body): string {
    if (body.carrier !== undefined) {
      if (!this.deps.registry.get(body.carrier)) throw badField('body.carrier', `unknown carrier "${body.carrier}"`);
      return body.carrier;
    }
    const candidates = this.deps.registry.detect(body.waybill).filter((c) => this.deps.registry.get(c.carrierId)?.kind === 'carrier');
    if (candidates.length === 0) throw badField('body.waybill', `${body.waybill} fits no known carrier format; name the carrier`);
    return candidates[0]!.carrierId;
  }

  /** The merchant's own account for the carrier, else a hub account that serves it. */
  private clientFor(merchantId: string, carrierId: string): { client: ResilientCarrierClient; route: 'CARRIER_API' | 'KUAIDI100' } {
    const own = this.deps.accounts.account(merchantId, carrierId);
    if (own?.intercept) return { client: own, route: 'CARRIER_API' };
    const hub = this.deps.registry.get('kuaidi100');
    const hubClient = hub?.servesCarriers?.includes(carrierId) ? this.deps.accounts.account(merchantId, 'kuaidi100') : undefined;
    if (hubClient?.intercept) return { client: hubClient, route: 'KUAIDI100' };
    throw new ApiError(409, 'NO_ROUTE', `merchant ${merchantId} has no account that can intercept ${carrierId}`, [
      { path: 'body.carrier', message: 'no carrier or hub account for it' },
    ]);
  }

  /**
   * Requests an interception. The same key with the same body returns the stored interception (200);
   * with another body it is refused (409). A waybill with an interception in flight is refused (409).
   */
  async create(
    merchantId: string,
    body: Body,
    headerKey: string | undefined,
  ): Promise<{ status: 200 | 201; view: ReturnType<typeof interceptView> }> {
    if (headerKey !== undefined && body.idempotencyKey !== undefined && headerKey !== body.idempotencyKey)
      throw badField('body.idempotencyKey', 'differs from the Idempotency-Key header');
    const key = headerKey ?? body.idempotencyKey;
    if (key === undefined) throw badField('headers.idempotency-key', 'an Idempotency-Key header (or body.idempotencyKey) is required');
    if (!/^[A-Za-z0-9_.:-]{8,64}$/.test(key)) throw badField('headers.idempotency-key', '8 to 64 letters, digits, _ . : or -');
    const carrierId = this.carrierOf(body);
    const { idempotencyKey: _ignored, ...request } = body;
    const canonical = JSON.stringify({ ...request, carrier: carrierId });
    const hash = createHash('sha256').update(canonical).digest('hex');
    const existing = await this.repo.findByKey(merchantId, key);
    if (existing) return this.replay(existing, hash);
    const { client, route } = this.clientFor(merchantId, carrierId);
    const now = this.deps.clock.now().toISOString();
    const id = `ic_${randomBytes(10).toString('hex')}`;
    const inserted = await this.repo.insertIfAbsent({
      id,
      merchant_id: merchantId,
      idempotency_key: key,
      request_hash: hash,
      request_json: canonical,
      carrier_id: carrierId,
      waybill_no: body.waybill,
      kind: body.kind,
      route,
      state: 'REQUESTED',
      result_json: null,
      error_json: null,
      created_at: now,
      updated_at: now,
    });
    if (!inserted) {
      const raced = await this.repo.getByKey(merchantId, key);
      return this.replay(raced, hash);
    }
    // One interception in flight per waybill across cases and standalone requests.
    const lock = await this.repo.lockWaybill({
      waybill_no: body.waybill,
      case_id: `standalone:${merchantId}`,
      interception_id: id,
      route,
      locked_at: now,
    });
    if (lock.interception_id !== id) {
      await this.finish(
        id,
        'REJECTED',
        { state: 'REJECTED', refusal: 'DUPLICATE', message: `an interception is already in flight for ${body.waybill}` },
        null,
      );
      throw new ApiError(409, 'INTERCEPT_IN_FLIGHT', `an interception is already in flight for waybill ${body.waybill}`, [
        { path: 'body.waybill', message: 'one interception in flight per waybill' },
      ]);
    }
    try {
      const result = await client.intercept!({
        waybillNo: body.waybill,
        carrierId,
        kind: body.kind,
        reason: body.reason,
        idempotencyKey: key,
        ...(body.address ? { address: body.address } : {}),
        ...(body.phoneLast4 ? { phoneLast4: body.phoneLast4 } : {}),
      });
      if (result.state === 'REJECTED') await this.releaseLock(body.waybill, id);
      const { raw: _raw, ...kept } = result;
      await this.finish(id, result.state, kept, null);
    } catch (error) {
      this.deps.logger.warn(
        { err: error, interceptId: id, merchantId, carrierId, waybill: body.waybill },
        'a standalone interception call failed',
      );
      // No answer: the lock stays (the carrier may have accepted); the record says so, and the same key never calls again.
      const info =
        error instanceof CarrierError
          ? { code: error.code, retryable: error.retryable, message: error.message }
          : { code: 'INTERNAL', retryable: false, message: 'the call failed; see the server log' };
      if (error instanceof CarrierError && !error.retryable) await this.releaseLock(body.waybill, id);
      await this.finish(id, 'FAILED', null, info);
    }
    const row = await this.repo.getById(id);
    return { status: 201, view: interceptView(row) };
  }

  private replay(row: InterceptRow, hash: string): { status: 200; view: ReturnType<typeof interceptView> } {
    if (row.request_hash !== hash) {
      throw new ApiError(
        409,
        'IDEMPOTENCY_KEY_REUSED',
        `idempotency key ${row.idempotency_key} was used for interception ${row.id} with a different request`,
        [{ path: 'headers.idempotency-key', message: 'reused with a different body' }],
      );
    }
    return { status: 200, view: interceptView(row) };
  }

  private async finish(id: string, state: string, result: unknown, error: unknown): Promise<void> {
    await this.repo.finish(id, {
      state,
      resultJson: result === null ? null : JSON.stringify(result),
      errorJson: error === null ? null : JSON.stringify(error),
      updatedAt: this.deps.clock.now().toISOString(),
    });
  }

  private async releaseLock(waybillNo: string, id: string): Promise<void> {
    await this.repo.releaseLock(waybillNo, id);
  }

  /** Reads one (the merchant's own only). */
  async get(merchantId: string | undefined, id: string) {
    const row = await this.repo.find(id, merchantId);
    if (!row) throw notFound(`interception ${id}`);
    return interceptView(row);
  }
}
