// Sandbox-only routes (absent outside sandbox mode): advance the test clock and tick until idle, add scripted parcels, inject carrier faults, act as the Douyin buyer and platform, read the ledgers.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CarrierIdSchema, PhoneLast4Schema, WaybillNoSchema } from '../../carrier/model.ts';
import { AdvanceClockBodySchema } from '../schemas.ts';
import { zodRoute } from '../zod-routes.ts';
import type { SandboxControl } from '../../sandbox/control.ts';
import { SANDBOX_PARCEL_FATES } from '../../sandbox/fates.ts';

/** `POST /v1/sandbox/parcels`: a parcel with a scripted fate in a carrier's simulator world. */
export const AddParcelBodySchema = z.strictObject({
  carrier: CarrierIdSchema,
  fate: z.enum(SANDBOX_PARCEL_FATES),
  /** Default: a fresh valid number of that carrier. */
  waybill: WaybillNoSchema.optional(),
  phoneLast4: PhoneLast4Schema.default('1234'),
  /** Collected this many hours before the sandbox clock's now. Default 10. */
  collectedHoursAgo: z
    .number()
    .nonnegative()
    .max(24 * 30)
    .default(10),
});

/** `POST /v1/sandbox/faults`: what a carrier's simulator answers to its next `times` requests. */
export const InjectFaultBodySchema = z.strictObject({
  carrier: CarrierIdSchema,
  /** `http-error` (a carrier that is down: 503 by default), `delay` (ms before answering), `malformed`, `quota`, `lose-answer`. */
  type: z.enum(['http-error', 'delay', 'malformed', 'quota', 'lose-answer']),
  status: z.number().int().min(400).max(599).default(503),
  ms: z.number().int().positive().max(60_000).default(5_000),
  times: z.number().int().positive().max(10_000).default(1),
});

/** `POST /v1/sandbox/douyin/after-sales`: a buyer's refund-only after-sale on the simulated Douyin shop. */
export const DouyinAfterSaleBodySchema = z.strictObject({
  afterSaleId: z
    .string()
    .regex(/^\d{1,19}$/, 'digits (a Douyin after-sale id)')
    .optional(),
  parcels: z
    .array(z.strictObject({ carrier: CarrierIdSchema, waybill: WaybillNoSchema }))
    .min(1)
    .max(10),
  refundAmountFen: z.number().int().positive().max(1e10).optional(),
  reason: z.string().min(1).max(64).optional(),
});
const AfterSaleParamsSchema = z.strictObject({ id: z.string().regex(/^\d{1,19}$/, 'digits (a Douyin after-sale id)') });
const CarrierParamsSchema = z.strictObject({ carrier: CarrierIdSchema });

export function registerSandboxRoutes(app: FastifyInstance, sandbox: SandboxControl): void {
  const tags = ['sandbox'];
  zodRoute(app, {
    method: 'GET',
    url: '/v1/sandbox',
    auth: 'sandbox',
    tags,
    summary: 'Sandbox clock, simulators and magic parcels',
    handler: async () => sandbox.info(),
  });
  zodRoute(app, {
    method: 'POST',
    url: '/v1/sandbox/clock/advance',
    auth: 'sandbox',
    tags,
    body: AdvanceClockBodySchema,
    summary: 'Advance the sandbox clock ({ hours }, { minutes } or { ms }), ticking the coordinator until idle at each step',
    handler: async (request) => {
      const body = request.body;
      const ms = 'hours' in body ? Math.round(body.hours * 3_600_000) : 'minutes' in body ? Math.round(body.minutes * 60_000) : body.ms;
      return sandbox.advance(ms);
    },
  });
  zodRoute(app, {
    method: 'POST',
    url: '/v1/sandbox/parcels',
    auth: 'sandbox',
    tags,
    body: AddParcelBodySchema,
    summary: 'Add a parcel with a scripted fate to a carrier simulator',
    handler: async (request, reply) => reply.code(201).send(sandbox.addParcel(request.body)),
  });
  zodRoute(app, {
    method: 'GET',
    url: '/v1/sandbox/merchant/ledger',
    auth: 'sandbox',
    tags,
    summary: 'Instructions the sandbox merchant system performed (refunds, agreements, notices)',
    handler: async () => ({ performed: sandbox.ledger() }),
  });
  zodRoute(app, {
    method: 'GET',
    url: '/v1/sandbox/accounts',
    auth: 'support',
    tags,
    summary:
      "The carrier simulators' account configurations (sandbox credentials) as `accounts` of a merchant: PUT them into a second sandbox merchant",
    handler: async () => ({ accounts: sandbox.simulatorAccounts() }),
  });
  zodRoute(app, {
    method: 'POST',
    url: '/v1/sandbox/faults',
    auth: 'sandbox',
    tags,
    body: InjectFaultBodySchema,
    summary: 'Make a carrier simulator answer its next requests with a fault (carrier down: http-error 503)',
    handler: async (request, reply) => {
      const { carrier, type, status, ms, times } = request.body;
      const fault = type === 'http-error' ? { type, status } : type === 'delay' ? { type, ms } : { type };
      return reply.code(201).send(sandbox.injectFault(carrier, fault, times));
    },
  });
  zodRoute(app, {
    method: 'DELETE',
    url: '/v1/sandbox/faults/:carrier',
    auth: 'sandbox',
    tags,
    params: CarrierParamsSchema,
    summary: 'Clear the faults queued on a carrier simulator',
    handler: async (request) => sandbox.clearFaults(request.params.carrier),
  });
  zodRoute(app, {
    method: 'POST',
    url: '/v1/sandbox/douyin/after-sales',
    auth: 'sandbox',
    tags,
    body: DouyinAfterSaleBodySchema,
    summary:
      'A buyer opens a refund-only after-sale on the simulated Douyin shop; its signed tag-200 push is delivered to this gateway before the answer',
    handler: async (request, reply) => reply.code(201).send(await sandbox.addDouyinAfterSale(request.body)),
  });
  zodRoute(app, {
    method: 'POST',
    url: '/v1/sandbox/douyin/after-sales/:id/buyer-cancel',
    auth: 'sandbox',
    tags,
    params: AfterSaleParamsSchema,
    summary: 'The buyer withdraws the after-sale (signed push tag 207)',
    handler: async (request) => sandbox.douyinAct(request.params.id, 'buyer-cancel'),
  });
  zodRoute(app, {
    method: 'POST',
    url: '/v1/sandbox/douyin/after-sales/:id/platform-refund',
    auth: 'sandbox',
    tags,
    params: AfterSaleParamsSchema,
    summary: 'The platform refunds on its own (signed pushes tags 201 and 206)',
    handler: async (request) => sandbox.douyinAct(request.params.id, 'platform-refund'),
  });
  zodRoute(app, {
    method: 'GET',
    url: '/v1/sandbox/douyin/ledger',
    auth: 'sandbox',
    tags,
    summary: 'After-sale operate calls the simulated Douyin platform received (201 refund, 202 reject, 203 agree refund-after-rejection)',
    handler: async () => ({ calls: sandbox.platformLedger() }),
  });
  // The simulated platform pushes its messages to this gateway's own intake, signed like the platform.
  sandbox.setPlatformPushTarget(async (push) => {
    const answer = await app.inject({ method: 'POST', url: '/v1/platform/douyin/messages', headers: push.headers, payload: push.body });
    return { status: answer.statusCode, body: answer.body };
  });
}
