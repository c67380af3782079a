// `GET /v1/tasks`: open support tasks and open complaints across cases (the support console's work queue), within the caller's tenant, newest case first, by cursor.
import { encodeCursor, decodeCursor } from '../cursor.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../clock/clock.ts';
import type { Case } from '../../cases/state.ts';
import type { Store } from '../../store/connect.ts';
import { CaseReadRepository } from '../../store/repos/case-reads.ts';
import { listingScope, principalOf } from '../auth.ts';
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
  const cases = new CaseReadRepository(deps.store);
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
      const merchantId = listingScope(principal, query.merchantId, 'a merchant key lists only its own tasks');
      let after = query.cursor !== undefined ? decodeCursor(query.cursor) : undefined;
      const now = deps.clock.now().toISOString();
      const entries: ReturnType<typeof openWorkOf>[] = [];
      let scanned = 0;
      let exhausted = false;
      while (entries.length < query.limit && scanned < TASK_SCAN_BUDGET) {
        const want = Math.min(BATCH, TASK_SCAN_BUDGET - scanned);
        const position = after;
        // The parse of each state below decides whether the case has open work.
        const batch = await cases.openWorkCandidates(merchantId, { ...(position ? { after: position } : {}), limit: want });
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
