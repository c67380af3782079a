// `GET /v1/tasks`: open support tasks and open complaints across cases (the support console's work queue), within the caller's tenant, newest case first, by cursor.
import { encodeCursor, decodeCursor } from '../cursor.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../clock/clock.ts';
import type { Case } from '../../cases/state.ts';
import type { Store } from '../../store/connect.ts';
import { ApiError } from '../errors.ts';
import { principalOf } from '../auth.ts';
import { reasonView } from '../case-view.ts';
import { ErrorBodySchema } from '../schemas.ts';
import { zodRoute } from '../zod-routes.ts';

/** Cases read per batch while looking for open work. */
const BATCH = 200;
/** Most cases examined by one request; a page may hold fewer than `limit` cases and still carry a `nextCursor`. */
export const TASK_SCAN_BUDGET = 2_000;

/** `GET /v1/tasks` query. */
export const ListTasksQuerySchema = z.strictObject({
  /** Support keys: only this merchant's cases. A merchant key sees only its own. */
  merchantId: z.string().min(1).max(64).optional(),
  /** Most cases with open work in one page (each with all its open tasks and complaints). Default 50. */
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});

/** Open work of one case: its open support tasks and open complaints, with zh/en messages. */
export function openWorkOf(c: Case, now: string) {
  const tasks = c.supportTasks.filter((t) => t.status === 'OPEN').map((t) => ({ ...t, ...messages(t.kind) }));
  const complaints = c.complaints.filter((x) => x.status === 'OPEN').map((x) => ({ ...x, ...messages(x.reason) }));
  return {
    caseId: c.id,
    merchantId: c.merchantId,
    afterSaleId: c.afterSaleId,
    status: c.status,
    due: c.deadline.due,
    overdue: c.deadline.due < now && !['REFUNDED', 'REJECTED', 'CLOSED'].includes(c.status),
    tasks,
    complaints,
  };
}

function messages(code: string): { zh: string; en: string } {
  const { zh, en } = reasonView({ code });
  return { zh, en };
}

/** Registers `GET /v1/tasks`. */
export function registerTaskRoutes(app: FastifyInstance, deps: { store: Store; clock: Clock }): void {
  zodRoute(app, {
    method: 'GET',
    url: '/v1/tasks',
    auth: 'any',
    tags: ['cases'],
    querystring: ListTasksQuerySchema,
    response: { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema },
    summary: 'Open support tasks and open complaints across cases (newest case first; cursor pagination)',
    description: `Each entry is one case with open work. At most ${TASK_SCAN_BUDGET} cases are examined per request, so a page may hold fewer than \`limit\` entries and still have a \`nextCursor\`; \`nextCursor\` is null when every case was examined.`,
    handler: async (request) => {
      const principal = principalOf(request);
      const query = request.query;
      const db = deps.store.db;
      let q = db
        .selectFrom('cases')
        .select(['id', 'state_json', 'created_at'])
        // Every case with an open task or complaint has this text in its state (JSON.stringify writes no spaces); the parse below decides.
        .where('state_json', 'like', '%"status":"OPEN"%');
      if (principal.role === 'merchant') {
        if (query.merchantId !== undefined && query.merchantId !== principal.merchantId)
          throw new ApiError(403, 'FORBIDDEN', 'a merchant key lists only its own tasks');
        q = q.where('merchant_id', '=', principal.merchantId!);
      } else if (query.merchantId !== undefined) {
        q = q.where('merchant_id', '=', query.merchantId);
      }
      let after = query.cursor !== undefined ? decodeCursor(query.cursor) : undefined;
      const now = deps.clock.now().toISOString();
      const entries: ReturnType<typeof openWorkOf>[] = [];
      let scanned = 0;
      let exhausted = false;
      while (entries.length < query.limit && scanned < TASK_SCAN_BUDGET) {
        const want = Math.min(BATCH, TASK_SCAN_BUDGET - scanned);
        const position = after;
        const batch = await (position
          ? q.where((eb) =>
              eb.or([eb('created_at', '<', position[0]), eb.and([eb('created_at', '=', position[0]), eb('id', '<', position[1])])]),
            )
          : q
        )
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(want)
          .execute();
        let consumed = 0;
        for (const row of batch) {
          consumed += 1;
          scanned += 1;
          after = [row.created_at, row.id];
          const work = openWorkOf(JSON.parse(row.state_json) as Case, now);
          if (work.tasks.length > 0 || work.complaints.length > 0) entries.push(work);
          if (entries.length >= query.limit) break;
        }
        // A short batch read to its end: no case is left after it.
        if (batch.length < want && consumed === batch.length) {
          exhausted = true;
          break;
        }
      }
      return { entries, scanned, nextCursor: exhausted || !after ? null : encodeCursor(after[0], after[1]) };
    },
  });
}
