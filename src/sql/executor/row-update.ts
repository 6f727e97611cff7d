// One row changed by UPDATE (single- or multi-table): the SET values evaluated left to right (a
// later assignment sees an earlier one's value), stored as the column's type (strict mode: bad
// values are errors), ON UPDATE CURRENT_TIMESTAMP columns stamped when something changed, and the
// row rewritten with its index entries. UPDATE IGNORE skips a row that would duplicate a key.

import { ER } from '../../server/constants/error-codes.js';
import type { TableInfo } from '../catalog/schema.js';
import { sqlError } from '../errors.js';
import type { Compiled } from '../expr/compiled.js';
import type { EvalContext } from '../expr/eval-context.js';
import { coerceToColumn, implicitDefault } from '../types/store-coerce.js';
import { toBigInt } from '../types/value.js';
import type { Row } from '../types/value.js';
import type { Handle, RowWriter } from './row-writer.js';
import type { TableCodec } from './table-codec.js';
import { currentTimestampFor } from './write-env.js';

export interface Assignment {
  /** Slot of the column in the row the value is computed from (and written into). */
  readonly slot: number;
  readonly offset: number;
  readonly value: Compiled;
}

/**
 * Computes the new values into `updated` (a copy of the row the assignments read, where the
 * table's columns sit from slot `base`).
 */
export function applyAssignments(
  table: TableInfo,
  assignments: readonly Assignment[],
  updated: Row,
  rowNumber: number,
  ctx: EvalContext,
  storeCtx: EvalContext,
): void {
  for (const assignment of assignments) {
    const column = table.columns[assignment.offset]!;
    const value = assignment.value.evaluate(updated, ctx);
    if (value === null) {
      if (column.notNull) {
        if (storeCtx.strict) throw sqlError(ER.BAD_NULL_ERROR, column.name);
        ctx.warn(ER.BAD_NULL_ERROR, column.name);
        updated[assignment.slot] = implicitDefault(column);
      } else updated[assignment.slot] = null;
    } else
      updated[assignment.slot] = coerceToColumn(
        value,
        assignment.value.type,
        { column, rowNumber },
        storeCtx,
      );
  }
}

export interface RowChange {
  /** The table's columns by offset, before and after. */
  readonly before: Row;
  readonly after: Row;
  readonly handle: Handle;
}

/**
 * Writes one changed row: false when nothing changed (or UPDATE IGNORE skipped a duplicate).
 * assigned: offsets the statement set (ON UPDATE columns it set are not stamped).
 */
export async function writeChange(
  change: RowChange,
  assigned: ReadonlySet<number>,
  writer: RowWriter,
  codec: TableCodec,
  ignore: boolean,
  ctx: EvalContext,
): Promise<boolean> {
  const table = writer.table;
  const { before, after, handle } = change;
  let newValue = codec.encodeRow(after);
  if (codec.encodeRow(before).equals(newValue)) return false;
  let stamped = false;
  for (const column of table.columns) {
    if (column.onUpdateNow && !assigned.has(column.offset)) {
      after[column.offset] = currentTimestampFor(column, ctx);
      stamped = true;
    }
  }
  if (stamped) newValue = codec.encodeRow(after);
  const newHandle = table.handleColumn >= 0 ? (after[table.handleColumn] as Handle) : handle;
  try {
    await writer.update(before, handle, after, newHandle, newValue);
  } catch (error) {
    if (ignore && (error as { errno?: number }).errno === ER.DUP_ENTRY.errno) {
      ctx.warn(ER.DUP_ENTRY, '', '');
      return false;
    }
    throw error;
  }
  return true;
}

/** The largest AUTO_INCREMENT value among changed rows, to move the counter past it. */
export function maxAutoValue(table: TableInfo, rows: readonly Row[]): bigint | null {
  if (table.autoIncrementColumn < 0) return null;
  let max: bigint | null = null;
  for (const row of rows) {
    const v = row[table.autoIncrementColumn];
    if (v === null || v === undefined) continue;
    const n = toBigInt(v as number | bigint);
    if (max === null || n > max) max = n;
  }
  return max;
}
