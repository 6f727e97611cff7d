// What DDL statements run with: the catalog, the store, the session's evaluation context and the
// facts some statements keep (a view's definer and character sets), and helpers they share.

import { ER } from '../../../server/constants/error-codes.js';
import type { ErrorSpec } from '../../../server/constants/error-codes.js';
import { tableKeyRange } from '../../../codec/index.js';
import type { TxnStoreApi } from '../../../txn/api.js';
import type { Catalog } from '../../catalog/catalog.js';
import { sqlError } from '../../errors.js';
import type { EvalContext } from '../../expr/eval-context.js';
import type { PlanEnv } from '../../planner/plan-env.js';

/** Keys deleted per transaction when clearing a dropped table's data. */
const CLEAR_BATCH_KEYS = 10_000;

export interface DdlEnv {
  readonly catalog: Catalog;
  readonly store: TxnStoreApi;
  readonly ctx: EvalContext;
  readonly database: string | null;
  /** Reports background failures (data cleanup after DROP/TRUNCATE). */
  readonly onBackgroundError: (error: unknown) => void;
  /** Records a note (MySQL's level below a warning: IF [NOT] EXISTS skipping an object). */
  readonly note: (spec: ErrorSpec, ...args: Array<string | number>) => void;
  /** Plans the queries of CREATE TABLE … SELECT and CREATE VIEW. */
  readonly planEnv: PlanEnv;
  /** Throws when the statement was killed or ran out of time. */
  readonly checkInterrupted: () => void;
  /** The account running the statement ('user'@'host'), a view's definer by default. */
  readonly account: { readonly user: string; readonly host: string };
  /** character_set_client and collation_connection (kept with a view). */
  readonly clientCharset: string;
  readonly connectionCollation: string;
}

export function targetDatabase(env: DdlEnv, database: string | null): string {
  const name = database ?? env.database;
  if (name === null) throw sqlError(ER.NO_DB_ERROR);
  return name;
}

/** Deletes every key of a table id, in batches, after its catalog entry is gone. */
export async function clearTableData(store: TxnStoreApi, tableId: number): Promise<void> {
  const [start, end] = tableKeyRange(tableId);
  for (;;) {
    const txn = await store.begin({ mode: 'optimistic' });
    try {
      const pairs = await txn.scan(start, end, { limit: CLEAR_BATCH_KEYS, keyOnly: true });
      for (const [key] of pairs) txn.delete(key);
      await txn.commit();
      if (pairs.length < CLEAR_BATCH_KEYS) return;
    } catch (error) {
      if (!txn.finished) await txn.rollback();
      throw error;
    }
  }
}

/** The table a DDL statement names, resolved now (by name, as it is at each attempt). */
export function tableResolver(env: DdlEnv, database: string, name: string) {
  return () => env.catalog.schema.table(database, name);
}
