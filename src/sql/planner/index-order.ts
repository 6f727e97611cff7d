// ORDER BY from key order: a single-table read whose access path yields rows in the order ORDER
// BY asks for needs no sort, and then streams, so that LIMIT stops the read after its rows
// (`WHERE k >= ? ORDER BY k LIMIT 10` reads 10 rows, not the whole range). Rows come in key
// order on the clustered handle (table scans and ranges) and on an index's columns (index
// lookups: the columns fixed by equalities, then the rest), forwards or, read backwards, in
// reverse. Keys order every column type as ORDER BY does: numbers and temporal values by value,
// strings by their collation's sort key, NULL first.

import type { IndexInfo } from '../catalog/schema.js';
import type { AccessPath } from './access-path.js';
import type { TableSource } from './table-scope.js';

/** An ORDER BY item that is a column of the table read (offset), or null for anything else. */
export interface OrderColumn {
  readonly offset: number;
  readonly descending: boolean;
}

/**
 * The access path, set to read in the direction that yields the rows in ORDER BY order, or null
 * when no direction does.
 */
export function orderedPath(
  access: AccessPath,
  source: TableSource,
  order: ReadonlyArray<OrderColumn | null>,
): AccessPath | null {
  if (order.some((o) => o === null)) return null;
  const items = order as readonly OrderColumn[];
  switch (access.kind) {
    case 'PointGet':
      return access; // at most one row
    case 'TableScan':
    case 'TableRange': {
      const handle = source.table.handleColumn;
      if (handle < 0) return null;
      const reverse = direction(items, [handle], new Set());
      return reverse === null ? null : { ...access, reverse };
    }
    case 'IndexLookup': {
      const reverse = indexDirection(access.index, access.equals.length, items);
      return reverse === null ? null : { ...access, reverse };
    }
    default:
      return null;
  }
}

/**
 * An unbounded read of an index that yields the rows in ORDER BY order, for a query that would
 * otherwise scan and sort the whole table to keep a few rows (ORDER BY … LIMIT).
 */
export function orderingIndexScan(
  source: TableSource,
  order: ReadonlyArray<OrderColumn | null>,
): AccessPath | null {
  if (order.length === 0 || order.some((o) => o === null)) return null;
  const items = order as readonly OrderColumn[];
  for (const index of source.table.indexes) {
    if (index.state !== 'public' || (index.primary && source.table.handleColumn >= 0)) continue;
    const reverse = indexDirection(index, 0, items);
    if (reverse === null) continue;
    return {
      kind: 'IndexLookup',
      index,
      equals: [],
      low: null,
      high: null,
      unique: false,
      reverse,
    };
  }
  return null;
}

/** Whether the index yields the order read forwards (false) or backwards (true), or neither. */
function indexDirection(
  index: IndexInfo,
  fixedParts: number,
  items: readonly OrderColumn[],
): boolean | null {
  // Index entries are stored ascending whatever the definition says (DESC is kept for SHOW
  // CREATE TABLE); a prefix key orders by the prefix only.
  const parts: number[] = [];
  for (const part of index.columns) {
    if (part.prefixLength !== null) break;
    parts.push(part.offset);
  }
  const fixed = new Set(index.columns.slice(0, fixedParts).map((p) => p.offset));
  return direction(items, parts.slice(fixedParts), fixed);
}

/**
 * Matches ORDER BY items against the ascending key columns (offsets) in order, skipping items on
 * columns an equality fixes (one value for every row read): false when every item is ascending,
 * true when every item is descending (read backwards), null when the key cannot give the order.
 */
function direction(
  items: readonly OrderColumn[],
  parts: readonly number[],
  fixed: ReadonlySet<number>,
): boolean | null {
  let reverse: boolean | null = null;
  let next = 0;
  for (const item of items) {
    if (fixed.has(item.offset)) continue;
    if (parts[next++] !== item.offset) return null;
    if (reverse !== null && reverse !== item.descending) return null;
    reverse = item.descending;
  }
  return reverse ?? false;
}
