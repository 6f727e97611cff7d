// ANALYZE TABLE: collects each table's statistics (table-statistics.ts) and answers with MySQL's
// table-maintenance result set, one status row per table (an Error row and "Operation failed"
// for a table that does not exist).

import type { TxnStoreApi } from '../../txn/api.js';
import type { SqlValue } from '../api.js';
import type { Catalog } from '../catalog/catalog.js';
import type { TableInfo } from '../catalog/schema.js';
import { StatisticsStore } from './table-statistics.js';

/** The columns of MySQL's table-maintenance statements (ANALYZE, OPTIMIZE, CHECK …). */
export const MAINTENANCE_COLUMNS = [
  { name: 'Table' },
  { name: 'Op' },
  { name: 'Msg_type' },
  { name: 'Msg_text' },
] as const;

export interface AnalyzeTarget {
  readonly database: string;
  readonly name: string;
  /** undefined when no such table exists. */
  readonly table: TableInfo | undefined;
}

export async function analyzeTables(
  targets: readonly AnalyzeTarget[],
  store: TxnStoreApi,
  catalog: Catalog,
): Promise<SqlValue[][]> {
  const rows: SqlValue[][] = [];
  const statistics = StatisticsStore.of(store);
  for (const { database, name, table } of targets) {
    const qualified = `${database}.${name}`;
    if (!table) {
      rows.push([qualified, 'analyze', 'Error', `Table '${qualified}' doesn't exist`]);
      rows.push([qualified, 'analyze', 'status', 'Operation failed']);
      continue;
    }
    await statistics.analyze(table, await store.snapshot(), catalog);
    rows.push([qualified, 'analyze', 'status', 'OK']);
  }
  return rows;
}
