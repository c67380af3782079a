// Health, readiness and metrics.
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/connect.ts';
import type { ApiMetrics } from '../metrics.ts';
import { ApiError } from '../errors.ts';
import { zodRoute } from '../zod-routes.ts';

export function registerSystemRoutes(
  app: FastifyInstance,
  store: Store,
  metrics: ApiMetrics,
  info: { mode: 'sandbox' | 'live'; version: string },
): void {
  zodRoute(app, {
    method: 'GET',
    url: '/healthz',
    auth: 'none',
    tags: ['system'],
    summary: 'The process answers',
    handler: async () => ({ status: 'ok', mode: info.mode, version: info.version }),
  });
  zodRoute(app, {
    method: 'GET',
    url: '/readyz',
    auth: 'none',
    tags: ['system'],
    summary: 'The store is reachable',
    handler: async () => {
      try {
        await store.ping();
      } catch {
        throw new ApiError(503, 'NOT_READY', 'the store does not answer');
      }
      return { status: 'ready', store: store.dialect };
    },
  });
  zodRoute(app, {
    method: 'GET',
    url: '/metrics',
    auth: 'none',
    tags: ['system'],
    summary: 'Prometheus metrics',
    handler: async (_request, reply) => {
      const { contentType, body } = await metrics.text();
      return reply.header('content-type', contentType).send(body);
    },
  });
}
