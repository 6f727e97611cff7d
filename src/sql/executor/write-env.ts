// What data-changing statements need beyond a query: the transaction to write in, the
// auto-increment allocator and the session's auto-increment settings.

import type { Transaction } from '../../txn/api.js';
import type { Catalog } from '../catalog/catalog.js';
import type { ColumnInfo } from '../catalog/schema.js';
import { formatDate, formatDateTime, fromEpochMs } from '../types/datetime.js';
import { evalKindOf } from '../types/column-type.js';
import type { Value } from '../types/value.js';
import type { EvalContext } from '../expr/eval-context.js';
import type { QueryEnv } from './select-executor.js';

export interface WriteEnv extends QueryEnv {
  readonly txn: Transaction;
  /** Lock keys before checking or changing them (pessimistic transactions). */
  readonly pessimistic: boolean;
  readonly catalog: Catalog;
  readonly autoIncrementIncrement: number;
  readonly autoIncrementOffset: number;
  /** NO_AUTO_VALUE_ON_ZERO: 0 in an AUTO_INCREMENT column is stored, not replaced. */
  readonly noAutoValueOnZero: boolean;
}

/** What the OK packet's info line reports (the session adds the warning count). */
export type WriteSummary =
  | { readonly kind: 'records'; readonly records: number; readonly duplicates: number }
  | { readonly kind: 'matched'; readonly matched: number; readonly changed: number };

export interface WriteResult {
  affectedRows: number;
  /** First AUTO_INCREMENT value generated, or 0n. */
  lastInsertId: bigint;
  summary: WriteSummary | null;
}

/** CURRENT_TIMESTAMP for a column, in the session time zone, with the column's precision. */
export function currentTimestampFor(column: ColumnInfo, ctx: EvalContext): Value {
  const parts = fromEpochMs(ctx.nowMs, ctx.session.timeZoneOffsetMinutes(ctx.nowMs));
  return evalKindOf(column.type.name) === 'date'
    ? formatDate(parts)
    : formatDateTime(parts, column.type.scale);
}
