// Sandbox-only routes (absent outside sandbox mode): advance the test clock and tick until idle, add scripted parcels, read the merchant simulator's ledger.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CarrierIdSchema, PhoneLast4Schema, WaybillNoSchema } from '../../carrier/model.ts';
import { AdvanceClockBodySchema } from '../schemas.ts';
import { zodRoute } from '../zod-routes.ts';
import type { SandboxControl } from '../../sandbox/control.ts';

/** `POST /v1/sandbox/parcels`: a parcel with a scripted fate in a carrier's simulator world. */
export const AddParcelBodySchema = z.strictObject({
  carrier: CarrierIdSchema,
  fate: z.enum(['deliver', 'intercept-then-delivered', 'delivered', 'not-collected', 'buyer-refuses', 'return-new-number', 'return-lost', 'carrier-rejects']),
  /** Default: a fresh valid number of that carrier. */
  waybill: WaybillNoSchema.optional(),
  phoneLast4: PhoneLast4Schema.default('1234'),
  /** Collected this many hours before the sandbox clock's now. Default 10. */
  collectedHoursAgo: z.number().nonnegative().max(24 * 30).default(10),
});

export function registerSandboxRoutes(app: FastifyInstance, sandbox: SandboxControl): void {
  const tags = ['sandbox'];
  zodRoute(app, {
    method: 'GET', url: '/v1/sandbox', auth: 'any', tags, summary: 'Sandbox clock, simulators and magic parcels',
    handler: async () => sandbox.info(),
  });
  zodRoute(app, {
    method: 'POST', url: '/v1/sandbox/clock/advance', auth: 'any', tags, body: AdvanceClockBodySchema,
    summary: 'Advance the sandbox clock ({ hours } or { ms }), ticking the coordinator until idle at each step',
    handler: async (request) => sandbox.advance('hours' in request.body ? Math.round(request.body.hours * 3_600_000) : request.body.ms),
  });
  zodRoute(app, {
    method: 'POST', url: '/v1/sandbox/parcels', auth: 'any', tags, body: AddParcelBodySchema,
    summary: 'Add a parcel with a scripted fate to a carrier simulator',
    handler: async (request, reply) => reply.code(201).send(sandbox.addParcel(request.body)),
  });
  zodRoute(app, {
    method: 'GET', url: '/v1/sandbox/merchant/ledger', auth: 'any', tags, summary: 'Instructions the sandbox merchant system performed (refunds, agreements, notices)',
    handler: async () => ({ performed: sandbox.ledger() }),
  });
}
