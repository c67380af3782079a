// The `case_requests` table behind a repository: the body that opened a case through the API, read and stored inside the caller's transaction.
import type { CaseRequestsTable } from '../schema.ts';
import type { Tx } from '../transaction.ts';

/** The body stored for an opened after-sale. */
export type CaseRequestRow = CaseRequestsTable;

/** Reads and writes of `case_requests` (and the case an after-sale already has), each inside a transaction. */
export class CaseRequestRepository {
  /** The request that opened the merchant's after-sale through the API; undefined when there is none. */
  async findRequest(tx: Tx, merchantId: string, afterSaleId: string): Promise<{ case_id: string; body_json: string } | undefined> {
    return tx
      .selectFrom('case_requests')
      .select(['case_id', 'body_json'])
      .where('merchant_id', '=', merchantId)
      .where('after_sale_id', '=', afterSaleId)
      .executeTakeFirst();
  }

  /** The case the merchant's after-sale already has (opened by any source); undefined when there is none. */
  async findCaseOf(tx: Tx, merchantId: string, afterSaleId: string): Promise<{ id: string; platform: string } | undefined> {
    return tx
      .selectFrom('cases')
      .select(['id', 'platform'])
      .where('merchant_id', '=', merchantId)
      .where('after_sale_id', '=', afterSaleId)
      .executeTakeFirst();
  }

  /** Stores the request that opens a case. */
  async insert(tx: Tx, row: CaseRequestRow): Promise<void> {
    await tx.insertInto('case_requests').values(row).execute();
  }
}
