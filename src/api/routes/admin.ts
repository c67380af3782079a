// Administration for the support role: API keys (create, list, revoke) and merchant configuration (type, Douyin shops, accounts, routes, write-enable, webhook).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MerchantAccounts } from '../../app/accounts.ts';
import { MerchantConfigSchema } from '../../app/merchant-config.ts';
import type { StoreMerchantDirectory } from '../../app/store-merchants.ts';
import type { CarrierRegistry } from '../../carrier/registry.ts';
import { canSee, principalOf, type ApiKeys } from '../auth.ts';
import { ApiError, notFound, type ApiIssue } from '../errors.ts';
import { maskedMerchant } from '../redact.ts';
import { CreateKeyBodySchema, ErrorBodySchema, KeyParamsSchema } from '../schemas.ts';
import { zodRoute } from '../zod-routes.ts';

/** `PUT /v1/merchants/:id`: the whole configuration (the id may be repeated in the body). */
export const PutMerchantBodySchema = MerchantConfigSchema.extend({ id: MerchantConfigSchema.shape.id.optional() }).strict();
const MerchantIdParamsSchema = z.strictObject({ id: MerchantConfigSchema.shape.id });

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };

/** Dependencies. */
export interface AdminRouteDeps {
  keys: ApiKeys;
  merchants: StoreMerchantDirectory;
  accounts: MerchantAccounts;
  registry: CarrierRegistry;
}

export function registerAdminRoutes(app: FastifyInstance, deps: AdminRouteDeps): void {
  zodRoute(app, {
    method: 'POST',
    url: '/v1/admin/keys',
    auth: 'support',
    tags: ['admin'],
    body: CreateKeyBodySchema,
    response: errors,
    summary: 'Create a merchant or support API key (the key is shown once)',
    handler: async (request, reply) => {
      const body = request.body;
      if (body.role === 'merchant' && !deps.merchants.get(body.merchantId!))
        throw new ApiError(404, 'NOT_FOUND', `merchant ${body.merchantId} is not configured; PUT /v1/merchants/${body.merchantId} first`, [
          { path: 'body.merchantId', message: 'unknown merchant' },
        ]);
      const created = await deps.keys.create({
        role: body.role,
        ...(body.merchantId ? { merchantId: body.merchantId } : {}),
        label: body.label,
      });
      return reply.code(201).send(created);
    },
  });
  zodRoute(app, {
    method: 'GET',
    url: '/v1/admin/keys',
    auth: 'support',
    tags: ['admin'],
    response: errors,
    summary: 'List API keys (never the keys themselves)',
    handler: async () => ({ keys: await deps.keys.list() }),
  });
  for (const [method, url] of [
    ['POST', '/v1/admin/keys/:id/revoke'],
    ['DELETE', '/v1/admin/keys/:id'],
  ] as const) {
    zodRoute(app, {
      method,
      url,
      auth: 'support',
      tags: ['admin'],
      params: KeyParamsSchema,
      response: errors,
      summary: 'Revoke an API key',
      handler: async (request) => {
        const revoked = await deps.keys.revoke(request.params.id);
        if (!revoked) throw notFound(`key ${request.params.id}`);
        return revoked;
      },
    });
  }

  zodRoute(app, {
    method: 'PUT',
    url: '/v1/merchants/:id',
    auth: 'support',
    tags: ['admin'],
    params: MerchantIdParamsSchema,
    body: PutMerchantBodySchema,
    response: errors,
    summary:
      "Create or replace a merchant's configuration (support): type, Douyin shop ids, carrier accounts, routes, write-enable, webhook",
    handler: async (request, reply) => {
      const id = request.params.id;
      if (request.body.id !== undefined && request.body.id !== id)
        throw new ApiError(400, 'INVALID_INPUT', 'body.id: differs from the URL', [{ path: 'body.id', message: 'differs from the URL' }]);
      const issues: ApiIssue[] = [];
      for (const [accountId, raw] of Object.entries(request.body.accounts)) {
        const plugin = deps.registry.get(accountId);
        if (!plugin) {
          issues.push({ path: `body.accounts.${accountId}`, message: `unknown carrier or hub "${accountId}"` });
          continue;
        }
        if (!plugin.configSchema) {
          issues.push({ path: `body.accounts.${accountId}`, message: `${accountId} has no public API of its own; route it through a hub` });
          continue;
        }
        const parsed = plugin.configSchema.safeParse(raw);
        if (!parsed.success)
          for (const issue of parsed.error.issues)
            issues.push({ path: ['body', 'accounts', accountId, ...issue.path.map(String)].join('.'), message: issue.message });
      }
      if (issues.length) throw new ApiError(400, 'INVALID_INPUT', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
      const { merchant, created } = await deps.merchants.put({ ...request.body, id });
      deps.accounts.forget(id);
      return reply.code(created ? 201 : 200).send(maskedMerchant(merchant));
    },
  });
  zodRoute(app, {
    method: 'GET',
    url: '/v1/merchants/:id',
    auth: 'any',
    tags: ['admin'],
    params: MerchantIdParamsSchema,
    response: errors,
    summary: "A merchant's configuration with secrets masked (support, or the merchant's own key)",
    handler: async (request) => {
      const merchant = deps.merchants.get(request.params.id);
      if (!merchant || !canSee(principalOf(request), merchant.id)) throw notFound(`merchant ${request.params.id}`);
      return maskedMerchant(merchant);
    },
  });
  zodRoute(app, {
    method: 'GET',
    url: '/v1/merchants',
    auth: 'support',
    tags: ['admin'],
    response: errors,
    summary: 'Every merchant, secrets masked (support)',
    handler: async () => ({ merchants: deps.merchants.list().map(maskedMerchant) }),
  });
}
