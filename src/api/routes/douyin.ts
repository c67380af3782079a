// `POST /v1/platform/douyin/messages`: the Douyin adapter's message intake (event-sign verified, stored before the reply), mounted with the exact body text.
import type { FastifyInstance } from 'fastify';
import type { DouyinIntake } from '../../platform/douyin/intake.ts';
import { zodRoute } from '../zod-routes.ts';

/** Mounts the intake in its own raw-body context. */
export async function registerDouyinRoute(app: FastifyInstance, intake: DouyinIntake, onError?: (error: unknown) => void): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    zodRoute(scope, {
      method: 'POST',
      url: '/v1/platform/douyin/messages',
      auth: 'none',
      tags: ['push'],
      bodyLimit: 1_048_576,
      summary:
        "Douyin open-platform message push (after-sale tags 200-218), verified by event-sign with the apps of the merchants' douyin accounts",
      handler: async (request, reply) => {
        const headers = Object.fromEntries(
          Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v]),
        );
        const query = Object.fromEntries(
          Object.entries(request.query as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]),
        );
        const result = await intake.receive({
          headers,
          query,
          body: typeof request.body === 'string' ? request.body : '',
          remoteIp: request.ip,
        });
        await reply.code(result.reply.status).header('content-type', result.reply.contentType).send(result.reply.body);
        if (result.stored > 0) intake.processPending().catch((error: unknown) => onError?.(error));
        return reply;
      },
    });
  });
}
