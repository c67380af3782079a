// Administration for the support role: API keys (create, list, revoke) and merchant configuration (type, Douyin shops, accounts, routes, write-enable, webhook).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MerchantAccounts } from '../../merchants/accounts.ts';
import { MerchantConfigSchema, type MerchantConfig } from '../../merchants/merchant-config.ts';
import { checkAccountCredentials, type CredentialCheck } from '../../carrier/credentials.ts';
import type { Clock } from '../../clock/clock.ts';
import { WebhookConfigSchema } from '../../merchants/webhook-port.ts';
import { applyMergePatch, changedAccounts, resolveSecrets } from '../merchant-edit.ts';
import type { StoreMerchantDirectory } from '../../merchants/store-merchants.ts';
import type { CarrierRegistry } from '../../carrier/registry.ts';
import { canSee, principalOf, type ApiKeys } from '../auth.ts';
import { ApiError, notFound, zodIssues, type ApiIssue } from '../errors.ts';
import { MASK, maskedMerchant } from '../../merchants/redact.ts';
import { CreateKeyBodySchema, ErrorBodySchema, KeyParamsSchema } from '../schemas.ts';
import { zodRoute } from '../zod-routes.ts';

/**
 * `PUT /v1/merchants/:id`: the whole configuration (the id may be repeated in the body). The webhook's
 * secret may be the mask or left out (the stored one is kept); the result is validated again after that.
 */
export const PutMerchantBodySchema = MerchantConfigSchema.extend({
  id: MerchantConfigSchema.shape.id.optional(),
  webhook: WebhookConfigSchema.extend({ secret: z.union([z.literal(MASK), WebhookConfigSchema.shape.secret]).optional() }).optional(),
}).strict();
/** `PATCH /v1/merchants/:id`: a JSON merge patch (RFC 7396) of the configuration; validated once merged. */
export const PatchMerchantBodySchema = z.record(z.string(), z.unknown());
/** `?verify=false` skips the credential check of a write. Default true. */
const VerifyQuerySchema = z.strictObject({ verify: z.enum(['true', 'false']).optional() });
const MerchantIdParamsSchema = z.strictObject({ id: MerchantConfigSchema.shape.id });

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };

/** Dependencies. */
export interface AdminRouteDeps {
  keys: ApiKeys;
  merchants: StoreMerchantDirectory;
  accounts: MerchantAccounts;
  registry: CarrierRegistry;
  /** Time handed to the plugins of a credential check (signing timestamps). */
  clock: Clock;
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

  // RFC 7396 merge patches are JSON: parsed by the same parser (and its protections) as application/json.
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  /** Validates every account with its plugin's schema; issues name `body.accounts.<id>.<field>`. */
  const accountIssues = (accounts: Record<string, unknown>): ApiIssue[] => {
    const issues: ApiIssue[] = [];
    for (const [accountId, raw] of Object.entries(accounts)) {
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
    return issues;
  };
  const fail = (issues: ApiIssue[]) => new ApiError(400, 'INVALID_INPUT', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);

  /**
   * The configuration a PUT or PATCH produces, validated (the merchant schema, then each account by its
   * plugin), with masks resolved against `stored`, and the credentials of new or changed accounts checked
   * unless `verify` is false. Rejected credentials are a 422; a carrier that cannot be asked is a warning.
   */
  const prepare = async (
    id: string,
    body: Record<string, unknown>,
    stored: MerchantConfig | undefined,
    options: { keepOmitted: boolean; verify: boolean },
  ): Promise<{ merchant: MerchantConfig; checks: Record<string, CredentialCheck> }> => {
    const resolved = resolveSecrets(body, stored, { keepOmitted: options.keepOmitted });
    if (resolved.issues.length) throw fail(resolved.issues);
    const parsed = MerchantConfigSchema.safeParse({ ...resolved.config, id });
    if (!parsed.success) throw fail(zodIssues(parsed.error, 'body'));
    const merchant = parsed.data;
    const issues = accountIssues(merchant.accounts);
    if (issues.length) throw fail(issues);
    const checks: Record<string, CredentialCheck> = {};
    for (const accountId of changedAccounts(merchant, stored)) {
      const plugin = deps.registry.get(accountId)!;
      checks[accountId] = options.verify
        ? await checkAccountCredentials(plugin, merchant.accounts[accountId], { clock: deps.clock })
        : { status: 'NOT_VERIFIED', message: 'skipped (?verify=false)' };
    }
    const rejected = Object.entries(checks).filter(([, check]) => check.status === 'REJECTED');
    if (rejected.length)
      throw new ApiError(
        422,
        'CREDENTIALS_REJECTED',
        rejected
          .map(([accountId, check]) => `${accountId} account of merchant ${id}: the carrier rejected the credentials (${check.message})`)
          .join('; '),
        rejected.map(([accountId, check]) => ({
          path: `body.accounts.${accountId}`,
          message: `rejected by ${accountId}: ${check.message}`,
        })),
      );
    return { merchant, checks };
  };
  /** The answer of a write: the masked configuration, the credential checks of the accounts written, and warnings. */
  const written = (merchant: MerchantConfig, checks: Record<string, CredentialCheck>) => ({
    ...maskedMerchant(merchant),
    credentialChecks: checks,
    warnings: Object.entries(checks).flatMap(([accountId, check]) =>
      check.status === 'UNVERIFIED'
        ? [`${accountId}: credentials saved but not verified, the carrier could not be asked (${check.message})`]
        : check.status === 'NOT_VERIFIED'
          ? [`${accountId}: credentials saved, not verified (${check.message})`]
          : [],
    ),
  });

  zodRoute(app, {
    method: 'PUT',
    url: '/v1/merchants/:id',
    auth: 'support',
    tags: ['admin'],
    params: MerchantIdParamsSchema,
    querystring: VerifyQuerySchema,
    body: PutMerchantBodySchema,
    response: { ...errors, 422: ErrorBodySchema },
    summary:
      "Create or replace a merchant's configuration (support): type, Douyin shop ids, carrier accounts, routes, write-enable, webhook",
    description:
      'A secret sent as the mask `***` or left out of a sent account (or webhook) keeps its stored value; a secret changes only when a new value is sent. ' +
      'The credentials of new or changed accounts are checked with the carrier where it offers a cheap call (`?verify=false` skips it): rejected is a 422, ' +
      'a carrier that cannot be asked keeps the write and adds a warning.',
    handler: async (request, reply) => {
      const id = request.params.id;
      if (request.body.id !== undefined && request.body.id !== id)
        throw new ApiError(400, 'INVALID_INPUT', 'body.id: differs from the URL', [{ path: 'body.id', message: 'differs from the URL' }]);
      const stored = await deps.merchants.fetch(id);
      const { merchant: next, checks } = await prepare(id, request.body as Record<string, unknown>, stored, {
        keepOmitted: true,
        verify: request.query.verify !== 'false',
      });
      const { merchant, created } = await deps.merchants.put(next);
      deps.accounts.forget(id);
      return reply.code(created ? 201 : 200).send(written(merchant, checks));
    },
  });
  zodRoute(app, {
    method: 'PATCH',
    url: '/v1/merchants/:id',
    auth: 'support',
    tags: ['admin'],
    params: MerchantIdParamsSchema,
    querystring: VerifyQuerySchema,
    body: PatchMerchantBodySchema,
    response: { ...errors, 422: ErrorBodySchema },
    summary:
      "Change part of a merchant's configuration (support): a JSON merge patch (RFC 7396, application/merge-patch+json or application/json)",
    description:
      'Members sent replace the stored ones, objects merge, `null` deletes a member; a secret sent as `***` keeps its stored value. ' +
      'The merged configuration is validated as a PUT body, credentials of changed accounts are checked as for PUT.',
    handler: async (request) => {
      const id = request.params.id;
      const patch = request.body;
      if (patch.id !== undefined && patch.id !== null && patch.id !== id)
        throw new ApiError(400, 'INVALID_INPUT', 'body.id: differs from the URL', [{ path: 'body.id', message: 'differs from the URL' }]);
      let checks: Record<string, CredentialCheck> = {};
      const merchant = await deps.merchants.update(id, async (current) => {
        const prepared = await prepare(id, applyMergePatch(current, patch) as Record<string, unknown>, current, {
          keepOmitted: false,
          verify: request.query.verify !== 'false',
        });
        checks = prepared.checks;
        return prepared.merchant;
      });
      if (!merchant) throw notFound(`merchant ${id}`);
      deps.accounts.forget(id);
      return written(merchant, checks);
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
