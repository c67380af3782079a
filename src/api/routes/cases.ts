// Case routes: open (idempotent), read, list, intercept, events, decision, complaints, support tasks.
import type { FastifyInstance } from 'fastify';
import { actingMerchant, principalOf } from '../auth.ts';
import type { CaseApi } from '../case-api.ts';
import { zodRoute } from '../zod-routes.ts';
import {
  CaseEventBodySchema,
  CaseInterceptBodySchema,
  CaseParamsSchema,
  CompleteTaskBodySchema,
  ComplaintBodySchema,
  ErrorBodySchema,
  ListCasesQuerySchema,
  OpenCaseBodySchema,
  TaskParamsSchema,
} from '../schemas.ts';

const tags = ['cases'];
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };

export function registerCaseRoutes(app: FastifyInstance, cases: CaseApi): void {
  zodRoute(app, {
    method: 'POST',
    url: '/v1/cases',
    auth: 'any',
    tags,
    body: OpenCaseBodySchema,
    response: errors,
    summary: 'Open a case for a refund-only after-sale (idempotent on merchant and after-sale id)',
    description:
      '201 when created, 200 when the same body was sent before (or the Douyin push opened it: then the phone digits are recorded and what could not be added is listed in `merge.notApplied`); 409 naming the differing fields otherwise. Support keys name the merchant with X-Merchant-Id.',
    handler: async (request, reply) => {
      const merchantId = actingMerchant(request);
      const principal = principalOf(request);
      const opened = await cases.open(merchantId, request.body);
      const view = await cases.view(principal, opened.caseId);
      return reply.code(opened.status).send({
        created: opened.status === 201,
        eligibility: view.eligibility,
        case: view,
        ...(opened.detected.length ? { detected: opened.detected } : {}),
        ...(opened.merge ? { merge: opened.merge } : {}),
      });
    },
  });

  zodRoute(app, {
    method: 'GET',
    url: '/v1/cases',
    auth: 'any',
    tags,
    querystring: ListCasesQuerySchema,
    response: errors,
    summary: 'List cases (newest first; cursor pagination)',
    handler: async (request) => cases.list(principalOf(request), request.query),
  });

  zodRoute(app, {
    method: 'GET',
    url: '/v1/cases/:id',
    auth: 'any',
    tags,
    params: CaseParamsSchema,
    response: errors,
    summary:
      'A case: state, due dates and their history, counted duration, shipments and legs, interceptions, refunds, rejections, complaints, tasks, timeline',
    handler: async (request) => cases.view(principalOf(request), request.params.id),
  });

  zodRoute(app, {
    method: 'POST',
    url: '/v1/cases/:id/intercept',
    auth: 'any',
    tags,
    params: CaseParamsSchema,
    body: CaseInterceptBodySchema,
    response: errors,
    summary: 'Request an interception of one shipment (RETURN_* kinds only) on the best usable route or the one named',
    handler: async (request, reply) => reply.code(202).send(await cases.intercept(principalOf(request), request.params.id, request.body)),
  });

  zodRoute(app, {
    method: 'POST',
    url: '/v1/cases/:id/events',
    auth: 'any',
    tags,
    params: CaseParamsSchema,
    body: CaseEventBodySchema,
    response: errors,
    summary:
      'Report a merchant or support event (offline result, return, reject after signed, mixed-parcel confirmation; in generic mode the platform-side facts)',
    handler: async (request) => cases.applyEvent(principalOf(request), request.params.id, request.body),
  });

  for (const method of ['GET', 'POST'] as const) {
    zodRoute(app, {
      method,
      url: '/v1/cases/:id/decision',
      auth: 'any',
      tags,
      params: CaseParamsSchema,
      response: errors,
      summary: 'The eligibility verdict and every reason, computed now',
      handler: async (request) => cases.decision(principalOf(request), request.params.id),
    });
  }

  zodRoute(app, {
    method: 'GET',
    url: '/v1/cases/:id/complaints',
    auth: 'any',
    tags,
    params: CaseParamsSchema,
    response: errors,
    summary: 'Complaints of a case',
    handler: async (request) => ({ complaints: (await cases.view(principalOf(request), request.params.id)).complaints }),
  });

  zodRoute(app, {
    method: 'POST',
    url: '/v1/cases/:id/complaints',
    auth: 'support',
    tags,
    params: CaseParamsSchema,
    body: ComplaintBodySchema,
    response: errors,
    summary:
      "Open a complaint about a parcel (`shipmentId`, `reason`), or record a complaint's status and outcome (`complaintId`, `status`) (support)",
    handler: async (request) => cases.updateComplaint(principalOf(request), request.params.id, request.body),
  });

  zodRoute(app, {
    method: 'POST',
    url: '/v1/cases/:id/tasks/:taskId',
    auth: 'any',
    tags,
    params: TaskParamsSchema,
    body: CompleteTaskBodySchema.optional().transform((b) => b ?? {}),
    response: errors,
    summary: 'Complete a support task',
    handler: async (request) => cases.completeTask(principalOf(request), request.params.id, request.params.taskId, request.body),
  });
}
