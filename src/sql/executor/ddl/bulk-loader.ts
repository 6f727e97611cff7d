// Rows written into a table that no statement sees yet (ALTER TABLE's copy, CREATE TABLE …
// SELECT), in transactions of a bounded number of rows, keys checked for duplicates as INSERT
// checks them. Nothing else writes the table meanwhile, so optimistic transactions never conflict.

import { ER } from '../../../server/constants/error-codes.js';
import type { Transaction, TxnStoreApi } from '../../../txn/api.js';
import type { TableInfo } from '../../catalog/schema.js';
import type { EvalContext } from '../../expr/eval-context.js';
import { codecOf } from '../../planner/table-scope.js';
import type { Row } from '../../types/value.js';
import { duplicateEntry, duplicateEntryError, RowWriter } from '../row-writer.js';
import type { Handle } from '../row-writer.js';

/** Rows per transaction: big enough to amortize a commit, small enough to bound its memory. */
const LOAD_BATCH_ROWS = 2_000;

export class BulkLoader {
  private txn: Transaction | null = null;
  private writer: RowWriter | null = null;
  private pending = 0;
  /** Rows written. */
  rows = 0;
  /** Rows skipped as duplicates (ignoreDuplicates). */
  duplicates = 0;

  constructor(
    private readonly store: TxnStoreApi,
    readonly table: TableInfo,
    private readonly options: {
      /** Skip a row with a duplicate key (with warning 1062) instead of failing. */
      readonly ignoreDuplicates: boolean;
      readonly ctx: EvalContext;
    },
  ) {}

  /** Writes one row under handle; rows clustered by their primary key are checked for it. */
  async add(row: Row, handle: Handle): Promise<void> {
    if (this.writer === null) {
      this.txn = await this.store.begin({ mode: 'optimistic' });
      this.writer = new RowWriter(this.table, codecOf(this.table), this.txn, false);
    }
    const writer = this.writer;
    const clustered = this.table.handleColumn >= 0;
    const conflicts = await writer.conflicts(row, handle, clustered);
    if (conflicts.length > 0) {
      if (!this.options.ignoreDuplicates)
        throw duplicateEntryError(this.table, conflicts[0]!.index, row);
      const { entry, key } = duplicateEntry(this.table, conflicts[0]!.index, row);
      this.options.ctx.warn(ER.DUP_ENTRY, entry, key);
      this.duplicates++;
      return;
    }
    await writer.insert(row, handle);
    this.rows++;
    if (++this.pending >= LOAD_BATCH_ROWS) await this.flush();
  }

  /** Commits the rows added so far. */
  async flush(): Promise<void> {
    const txn = this.txn;
    this.txn = null;
    this.writer = null;
    this.pending = 0;
    if (txn) await txn.commit();
  }

  /** Drops the rows not yet committed. */
  async abort(): Promise<void> {
    const txn = this.txn;
    this.txn = null;
    this.writer = null;
    if (txn && !txn.finished) await txn.rollback();
  }
}
