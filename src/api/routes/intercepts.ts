// Interceptions without a case, tracking, and the carrier catalogue (capability matrix, detection).
import type { FastifyInstance } from 'fastify';
import type { MerchantAccounts } from '../../merchants/accounts.ts';
import { detectForMerchant } from '../../merchants/detection.ts';
import { capabilityRows } from '../../carrier/matrix.ts';
import type { CarrierRegistry } from '../../carrier/registry.ts';
import { actingMerchant, principalOf } from '../auth.ts';
import type { InterceptApi } from '../intercepts.ts';
import type { TrackingApi } from '../tracking.ts';
import { zodRoute } from '../zod-routes.ts';
import {
  DetectQuerySchema,
  ErrorBodySchema,
  InterceptParamsSchema,
  StandaloneInterceptBodySchema,
  TrackingQuerySchema,
  WaybillParamsSchema,
} from '../schemas.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };

export function registerInterceptRoutes(app: FastifyInstance, intercepts: InterceptApi): void {
  zodRoute(app, {
    method: 'POST',
    url: '/v1/intercepts',
    auth: 'any',
    tags: ['intercepts'],
    body: StandaloneInterceptBodySchema,
    response: errors,
    summary: 'Intercept a parcel without a case (REDIRECT allowed here only); Idempotency-Key header or body.idempotencyKey required',
    handler: async (request, reply) => {
      const header = request.headers['idempotency-key'];
      const result = await intercepts.create(actingMerchant(request), request.body, typeof header === 'string' ? header : undefined);
      return reply.code(result.status).send(result.view);
    },
  });
  zodRoute(app, {
    method: 'GET',
    url: '/v1/intercepts/:id',
    auth: 'any',
    tags: ['intercepts'],
    params: InterceptParamsSchema,
    response: errors,
    summary: 'An interception without a case',
    handler: async (request) => {
      const principal = principalOf(request);
      return intercepts.get(principal.role === 'merchant' ? principal.merchantId : undefined, request.params.id);
    },
  });
}

export function registerTrackingRoutes(
  app: FastifyInstance,
  tracking: TrackingApi,
  registry: CarrierRegistry,
  accounts: MerchantAccounts,
): void {
  zodRoute(app, {
    method: 'GET',
    url: '/v1/tracking/:waybill',
    auth: 'any',
    tags: ['tracking'],
    params: WaybillParamsSchema,
    querystring: TrackingQuerySchema,
    response: { ...errors, 429: ErrorBodySchema },
    summary:
      'Tracking of a number from stored events; `refresh=true` asks the carrier (at most once per interval per number, else 429 with Retry-After)',
    handler: async (request) => tracking.track(actingMerchant(request), request.params.waybill, request.query),
  });
  zodRoute(app, {
    method: 'GET',
    url: '/v1/carriers',
    auth: 'any',
    tags: ['carriers'],
    summary: 'The capability matrix: one row per carrier and hub',
    handler: async () => ({ carriers: capabilityRows(registry.list()) }),
  });
  zodRoute(app, {
    method: 'GET',
    url: '/v1/carriers/detect',
    auth: 'any',
    tags: ['carriers'],
    querystring: DetectQuerySchema,
    response: errors,
    summary: "Carriers whose number format fits the waybill, best first (confirmed by the merchant's hub when it has one)",
    handler: async (request) => {
      const principal = principalOf(request);
      const detection = await detectForMerchant(registry, accounts, principal.merchantId, request.query.waybill);
      return { waybillNo: request.query.waybill, ...detection };
    },
  });
}
