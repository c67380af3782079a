// The simulators host's admin HTTP API: counters (/stats), money ledgers (/ledger), parcels and Douyin after-sales for load (/parcels, /douyin/after-sales), the merchant config gateways load (/config).
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../runtime/logger.ts';
import { ApiError } from '../runtime/api-error.ts';
import { AddParcelsSchema, DouyinAfterSaleSchema, type SimulatorHost } from './simulator-host.ts';

/** Query of `GET /ledger`. */
const LedgerQuerySchema = z
  .object({
    /** Which ledger: the merchant system's webhook calls (default) or the Douyin platform's operate calls. */
    source: z.enum(['merchant', 'douyin']).default('merchant'),
    /** First position to return (0-based). Default 0. */
    from: z.coerce.number().int().min(0).default(0),
    /** Entries per page (1 … 10 000). Default 1000. */
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  })
  .strict();

/** One field problem of a refused admin request. */
interface Issue {
  path: string;
  message: string;
}

/** The answer to an invalid request: 400 naming each field. */
function invalid(where: 'body' | 'query', error: z.ZodError) {
  const issues: Issue[] = error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
  return { error: { code: 'INVALID_INPUT', message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues } };
}

/** Options of the admin API. */
export interface SimulatorAdminOptions {
  host: SimulatorHost;
  /** Port to listen on (0 = any free port). */
  port: number;
  /** Address to listen on. Default 127.0.0.1. */
  address?: string;
  logger: Logger;
}

/** A listening admin API. */
export interface SimulatorAdmin {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Builds the admin API (not listening; `inject` in tests). */
export function buildSimulatorAdmin(host: SimulatorHost, logger: Logger): FastifyInstance {
  const app = Fastify({ loggerInstance: logger.child({ component: 'simulators-admin' }) as FastifyBaseLogger });
  // A body that is not JSON is refused like any other invalid input, naming `body`.
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    if (error instanceof ApiError) return reply.code(error.statusCode).send(error.body());
    if (!error.statusCode || error.statusCode < 400 || error.statusCode >= 500) {
      request.log.error({ err: error }, 'simulators admin request failed');
      return reply.code(500).send({ error: { code: 'INTERNAL', message: 'the simulators host failed to answer; see its log' } });
    }
    return reply.code(error.statusCode).send({
      error: { code: 'INVALID_INPUT', message: `body: ${error.message}`, issues: [{ path: 'body', message: error.message }] },
    });
  });
  app.get('/stats', async () => host.stats());
  app.get('/config', async () => host.merchantConfig());
  app.get('/ledger', async (request, reply) => {
    const query = LedgerQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send(invalid('query', query.error));
    const { source, from, limit } = query.data;
    const entries = host.ledger(source, from).slice(0, limit);
    return { source, from, next: from + entries.length, entries };
  });
  app.post('/parcels', async (request, reply) => {
    const body = AddParcelsSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send(invalid('body', body.error));
    const added = host.addParcels(body.data);
    if (!added) {
      const message = `no simulator for this carrier; simulators: ${host.carriers.map((c) => c.carrierId).join(', ')}`;
      return reply
        .code(400)
        .send({ error: { code: 'INVALID_INPUT', message: `body.carrier: ${message}`, issues: [{ path: 'body.carrier', message }] } });
    }
    return reply.code(201).send(added);
  });
  app.post('/douyin/after-sales', async (request, reply) => {
    const body = DouyinAfterSaleSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send(invalid('body', body.error));
    return reply.code(201).send(host.addDouyinAfterSale(body.data));
  });
  return app;
}

/** Starts the admin API on its port. */
export async function startSimulatorAdmin(options: SimulatorAdminOptions): Promise<SimulatorAdmin> {
  const app = buildSimulatorAdmin(options.host, options.logger);
  await app.listen({ port: options.port, host: options.address ?? '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://${options.address ?? '127.0.0.1'}:${port}`, app, close: () => app.close() };
}
