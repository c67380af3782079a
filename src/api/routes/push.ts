// Carrier push endpoints: `POST /v1/push/:carrier/:merchantId`, verified with that merchant's account the way the carrier signs (or by URL token), stored before the reply, applied after it.
import type { FastifyInstance } from 'fastify';
import type { MerchantAccounts } from '../../merchants/accounts.ts';
import type { MerchantDirectory } from '../../merchants/merchant-config.ts';
import { CarrierError, PushRejectedError } from '../../carrier/errors.ts';
import type { PushParseResult } from '../../carrier/model.ts';
import type { CarrierRegistry } from '../../carrier/registry.ts';
import { ApiError } from '../errors.ts';
import type { PushInbox } from '../push-inbox.ts';
import { PushParamsSchema } from '../schemas.ts';
import { zodRoute } from '../zod-routes.ts';

/** Dependencies of the push routes. */
export interface PushRouteDeps {
  registry: CarrierRegistry;
  merchants: MerchantDirectory;
  accounts: MerchantAccounts;
  inbox: PushInbox;
  /** Told when applying a push after the reply failed (it stays in the inbox and is retried on the next tick). */
  onApplyError?: (error: unknown) => void;
  /** Largest push body, bytes. Default 1 MiB. */
  bodyLimit?: number;
}

/** Registers the push route in its own context, where every body is kept as the exact text received (signatures cover the bytes). */
export async function registerPushRoutes(app: FastifyInstance, deps: PushRouteDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    zodRoute(scope, {
      method: 'POST',
      url: '/v1/push/:carrier/:merchantId',
      auth: 'none',
      tags: ['push'],
      params: PushParamsSchema,
      bodyLimit: deps.bodyLimit ?? 1_048_576,
      summary:
        "Carrier push for one merchant's account: verified by the carrier's signature (or URL token), stored, answered with the carrier's exact reply",
      description:
        "Configure this URL at the carrier (ZTO, YTO, EMS, Kuaidi100: signed; SF: add ?token=<pushToken>). A push that does not verify is 401; the same body twice is acknowledged with the carrier's own reply (so the carrier stops re-sending) and changes nothing (header x-lanjie-duplicate).",
      handler: async (request, reply) => {
        const { carrier, merchantId } = request.params;
        const plugin = deps.registry.get(carrier);
        if (!plugin?.capabilities.push) throw new ApiError(404, 'NOT_FOUND', `carrier ${carrier} sends no pushes`);
        if (!deps.merchants.get(merchantId)) throw new ApiError(404, 'NOT_FOUND', `no ${carrier} push account for merchant ${merchantId}`);
        let client: ReturnType<typeof deps.accounts.account> | undefined;
        try {
          client = deps.accounts.account(merchantId, carrier);
        } catch (error) {
          request.log.warn({ err: error, merchantId, carrierId: carrier }, 'the push account could not be built; answering 404');
          client = undefined;
        }
        if (!client?.parsePush) throw new ApiError(404, 'NOT_FOUND', `no ${carrier} push account for merchant ${merchantId}`);
        const body = typeof request.body === 'string' ? request.body : '';
        const headers = Object.fromEntries(
          Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v]),
        );
        const query = Object.fromEntries(
          Object.entries(request.query as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]),
        );
        let parsed: PushParseResult;
        try {
          parsed = client.parsePush({ headers, query, body, remoteIp: request.ip });
        } catch (error) {
          if (error instanceof PushRejectedError) throw new ApiError(401, 'PUSH_REJECTED', `${carrier} push refused: ${error.message}`);
          if (error instanceof CarrierError)
            throw new ApiError(400, 'PUSH_MALFORMED', `${carrier} push unreadable: ${error.message}`, [
              { path: 'body', message: error.message },
            ]);
          throw error;
        }
        let updates = parsed.updates;
        if (plugin.capabilities.push.auth === 'url-token') {
          // The token authenticates the sender, not the body: only waybills of this merchant's cases may touch a case.
          const known = await deps.inbox.merchantWaybills(
            merchantId,
            updates.map((u) => u.waybillNo),
          );
          const foreign = updates.filter((u) => !known.has(u.waybillNo)).map((u) => u.waybillNo);
          if (foreign.length > 0) {
            request.log.warn(
              { merchantId, carrierId: carrier, waybillNos: foreign },
              'token-authenticated push names waybills that are not shipments of this merchant; they are not stored nor applied',
            );
            updates = updates.filter((u) => known.has(u.waybillNo));
            if (updates.length === 0) {
              // Acknowledged in the carrier's own format (an error would make it re-send for ever); nothing stored.
              reply.header('x-lanjie-ignored', `waybills not of merchant ${merchantId}: ${foreign.join(',')}`);
              return reply.code(parsed.reply.status).header('content-type', parsed.reply.contentType).send(parsed.reply.body);
            }
          }
        }
        const stored = await deps.inbox.store(carrier, merchantId, body, updates, parsed.signedContent);
        // A replay (the carrier re-sends when our first reply was lost) is dropped, but acknowledged in
        // the carrier's own format: an error reply would make it re-send for ever.
        if (!stored.stored) reply.header('x-lanjie-duplicate', `received ${stored.receivedAt}; nothing applied`);
        await reply.code(parsed.reply.status).header('content-type', parsed.reply.contentType).send(parsed.reply.body);
        deps.inbox.drain().catch((error: unknown) => deps.onApplyError?.(error));
        return reply;
      },
    });
  });
}
