// ALTER TABLE's copy: every row of the old table read at one snapshot, converted into the new
// definition with MySQL's rules (strict mode: an error on the first value that would change;
// otherwise clipped or cut with warnings numbered by row), and loaded into the new table id.
// Writes to the old table wait meanwhile (Catalog.holdWrites).

import { ER } from '../../../server/constants/error-codes.js';
import { decodeRowKeyHandle } from '../../../codec/index.js';
import type { TxnStoreApi } from '../../../txn/api.js';
import type { ColumnInfo, TableInfo } from '../../catalog/schema.js';
import { sqlError } from '../../errors.js';
import type { EvalContext } from '../../expr/eval-context.js';
import { columnExprType } from '../../expr/expr-type.js';
import { codecOf } from '../../planner/table-scope.js';
import { coerceToColumn, implicitDefault } from '../../types/store-coerce.js';
import { toBigInt } from '../../types/value.js';
import type { Row, Value } from '../../types/value.js';
import { currentTimestampFor } from '../write-env.js';
import type { Handle } from '../row-writer.js';
import type { ColumnSource } from './alter-plan.js';
import { BulkLoader } from './bulk-loader.js';

/** Rows between two checks for KILL QUERY and the statement timeout. */
const INTERRUPT_CHECK_ROWS = 1_024;

export interface CopyInput {
  readonly store: TxnStoreApi;
  readonly old: TableInfo;
  /** The new definition under its own (unpublished) table id. */
  readonly table: TableInfo;
  readonly sources: readonly ColumnSource[];
  readonly ctx: EvalContext;
  readonly checkInterrupted: () => void;
  /** The last AUTO_INCREMENT value the old table handed out (new values come after). */
  readonly lastAutoId: bigint;
}

export interface CopyResult {
  readonly rows: number;
  /** The largest row handle written (hidden handles continue after it). */
  readonly maxHandle: bigint;
  /** The largest AUTO_INCREMENT value written, or 0n. */
  readonly maxAutoId: bigint;
}

/** A value for a column the statement adds, as an INSERT naming no value for it stores. */
function addedValue(column: ColumnInfo, ctx: EvalContext): Value {
  const d = column.defaultValue;
  switch (d.kind) {
    case 'value':
      return d.value;
    case 'now':
      return currentTimestampFor(column, ctx);
    case 'null':
      return column.notNull ? implicitDefault(column) : null;
    case 'none':
      return column.notNull ? implicitDefault(column) : null;
  }
}

export async function copyRows(input: CopyInput): Promise<CopyResult> {
  const { old, table, sources, ctx } = input;
  const oldCodec = codecOf(old);
  const decoder = oldCodec.rowDecoder();
  const fromTypes = sources.map((s) => (s.from ? columnExprType(s.from, null) : null));
  const loader = new BulkLoader(input.store, table, { ignoreDuplicates: false, ctx });
  const autoColumn = table.autoIncrementColumn;
  let nextAutoId = input.lastAutoId;
  let maxAutoId = 0n;
  let maxHandle = 0n;
  let rowNumber = 0;
  const reader = await input.store.snapshot();
  const oldRow: Row = new Array(old.columns.length).fill(null);
  try {
    for await (const [key, value] of reader.iterate(...oldCodec.rowKeys.range())) {
      rowNumber++;
      if ((rowNumber & (INTERRUPT_CHECK_ROWS - 1)) === 0) input.checkInterrupted();
      decoder.decode(value, oldRow);
      const row: Row = new Array(table.columns.length);
      for (let offset = 0; offset < table.columns.length; offset++) {
        const column = table.columns[offset]!;
        const source = sources[offset]!;
        let v: Value;
        if (source.from === null) v = addedValue(column, ctx);
        else {
          v = oldRow[source.from.offset]!;
          if (source.convert) {
            if (v === null) {
              if (column.notNull && offset !== autoColumn) {
                if (ctx.strict) throw sqlError(ER.WARN_DATA_TRUNCATED, column.name, rowNumber);
                ctx.warn(ER.WARN_DATA_TRUNCATED, column.name, rowNumber);
                v = implicitDefault(column);
              }
            } else {
              v = coerceToColumn(v, fromTypes[offset]!, { column, rowNumber, alter: true }, ctx);
            }
          }
        }
        if (offset === autoColumn) {
          if (v === null || toBigInt(v as number | bigint) === 0n) v = Number(++nextAutoId);
          const n = toBigInt(v as number | bigint);
          if (n > maxAutoId) maxAutoId = n;
        }
        row[offset] = v;
      }
      let handle: Handle;
      if (table.handleColumn >= 0) handle = row[table.handleColumn] as Handle;
      else handle = decodeRowKeyHandle(key);
      const big = toBigInt(handle);
      if (big > maxHandle) maxHandle = big;
      await loader.add(row, handle);
    }
    await loader.flush();
  } catch (error) {
    await loader.abort();
    throw error;
  }
  return { rows: loader.rows, maxHandle, maxAutoId };
}
