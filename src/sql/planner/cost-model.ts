// The join planner's cost model: how many rows a table access returns and what it costs, from the
// statistics ANALYZE TABLE stored (row counts, distinct values per index prefix) or, for tables
// never analyzed, from fixed guesses. Costs are in units of one row read from a scan.

import type { IndexInfo, TableInfo } from '../catalog/schema.js';

/** What ANALYZE TABLE measured of a table. */
export interface TableStatistics {
  readonly rowCount: number;
  /** Per index id: distinct values of each prefix of its columns (1 column, 2 columns, …). */
  readonly distinct: ReadonlyMap<number, readonly number[]>;
  readonly analyzedAtMs: number;
}

/** Rows assumed in a table never analyzed (InnoDB's estimate for a small table is similar). */
export const DEFAULT_TABLE_ROWS = 1000;
/** Rows assumed in a derived or information_schema table. */
export const DEFAULT_COMPUTED_ROWS = 100;
/** Fraction of rows an equality on a column without statistics keeps. */
export const EQUALITY_SELECTIVITY = 0.1;
/** Fraction of rows a range (<, BETWEEN, …) keeps when the bounds are not known. */
export const RANGE_SELECTIVITY = 0.3;
/** Fraction of rows any other condition keeps. */
export const OTHER_SELECTIVITY = 0.5;

/** Cost of reading one row by key (a point get or an index entry plus its row). */
export const LOOKUP_COST = 1.5;
/** Cost of reading one row of a sequential scan. */
export const SCAN_ROW_COST = 1;
/** Cost of putting one row into a hash table, and of one probe. */
export const HASH_BUILD_COST = 0.3;
export const HASH_PROBE_COST = 0.2;
/** Cost of evaluating the join conditions for one candidate row. */
export const FILTER_ROW_COST = 0.05;

export function tableRows(stats: TableStatistics | undefined): number {
  return Math.max(1, stats?.rowCount ?? DEFAULT_TABLE_ROWS);
}

/**
 * Rows of the table that match an equality on the first `columns` columns of the index: one for
 * a unique index fully fixed, else rows / distinct values of that prefix.
 */
export function indexEqualityRows(
  table: TableInfo,
  index: IndexInfo,
  columns: number,
  stats: TableStatistics | undefined,
): number {
  const rows = tableRows(stats);
  if (index.unique && columns >= index.columns.length) return 1;
  const distinct = stats?.distinct.get(index.id)?.[columns - 1];
  if (distinct !== undefined && distinct > 0) return Math.max(1, rows / distinct);
  void table;
  return Math.max(1, rows * EQUALITY_SELECTIVITY ** columns);
}
