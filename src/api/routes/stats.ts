// `GET /v1/stats`: the support console dashboard's numbers (interception success rate per carrier, open cases by status, calls, errors and quota use over time), within the caller's tenant.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listingScope, principalOf } from '../auth.ts';
import { ErrorBodySchema } from '../schemas.ts';
import type { StatsApi } from '../stats.ts';
import { zodRoute } from '../zod-routes.ts';

/** Longest history window one request may ask for, minutes (24 h). */
export const MAX_STATS_WINDOW_MINUTES = 1440;

/** `GET /v1/stats` query. */
export const StatsQuerySchema = z.strictObject({
  /** History window, minutes (1 to 1440). Default 60. The process keeps only its last `series.capacity` samples. */
  window: z.coerce.number().int().min(1).max(MAX_STATS_WINDOW_MINUTES).default(60),
  /** Support keys: only this merchant's numbers. A merchant key sees only its own. */
  merchantId: z.string().min(1).max(64).optional(),
});

const CarrierSuccessSchema = z.object({
  carrier: z.string(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  open: z.number().int(),
  successRate: z.number().nullable().describe('succeeded / (succeeded + failed); null when none settled'),
});

/** The answer's schema (for the OpenAPI document). */
export const StatsAnswerSchema = z.object({
  generatedAt: z.string().describe('UTC ISO instant'),
  merchantId: z.string().nullable().describe('the merchant the numbers are limited to; null: every merchant'),
  windowMinutes: z.number().int(),
  interceptions: z.object({
    casesRead: z.number().int().describe('most recently updated cases whose interceptions were counted'),
    carriers: z.array(CarrierSuccessSchema),
  }),
  openCases: z.object({
    total: z.number().int(),
    byStatus: z.array(z.object({ status: z.string(), count: z.number().int() })),
  }),
  series: z.object({
    intervalSeconds: z.number().describe('time between samples, seconds'),
    capacity: z.number().int().describe('most samples the process keeps'),
    times: z.array(z.number()).describe('end of each interval, epoch seconds (UTC)'),
    carriers: z.array(
      z.object({
        carrier: z.string(),
        calls: z.array(z.number().int()).describe('call attempts per interval'),
        errors: z.array(z.number().int()).describe('failed call attempts per interval'),
        queued: z.array(z.number().int()).describe('calls waiting in the limiters at the end of each interval'),
        quotaUse: z
          .array(z.number().nullable())
          .describe('calls over what the declared quotas allowed in the interval; null: no quota declared'),
      }),
    ),
  }),
});

/** Registers `GET /v1/stats`. */
export function registerStatsRoutes(app: FastifyInstance, stats: StatsApi): void {
  zodRoute(app, {
    method: 'GET',
    url: '/v1/stats',
    auth: 'any',
    tags: ['system'],
    querystring: StatsQuerySchema,
    response: { 200: StatsAnswerSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema },
    summary: 'Dashboard numbers: interception success rate per carrier, open cases by status, calls, errors and quota use over time',
    description:
      'A merchant key gets its own merchant; a support key every merchant, or one with `merchantId`. The success rate counts the interceptions of the most recently updated cases (SUCCEEDED, RETURNING, RETURNED succeeded; FAILED, REJECTED, CANCELLED failed). The series are sampled in this process (`LANJIE_STATS_SAMPLE_SECONDS`, default 10 s; the last `series.capacity` samples kept, default 360) and start empty when it starts.',
    handler: async (request) => {
      const principal = principalOf(request);
      const query = request.query;
      const merchantId = listingScope(principal, query.merchantId, "a merchant key reads only its own merchant's stats");
      return stats.stats(merchantId, query.window);
    },
  });
}
