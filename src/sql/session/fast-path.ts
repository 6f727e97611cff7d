// Which prepared statements the native wire path may answer on its own, and how it must answer
// them (native/wire/point_select.cc). Only the shape sysbench's point select has qualifies:
//
//   SELECT col [, col…] FROM t WHERE pk = ?
//
// on a table whose rows are clustered by an integer primary key, with plain columns of types the
// native encoder writes exactly as the JavaScript path does (integers, FLOAT/DOUBLE, strings and
// binary strings), one `?` and nothing else (no DISTINCT, GROUP BY, ORDER BY, LIMIT, locking
// clause, alias of another table, subquery or expression). Privileges are checked here; the
// description carries the plan epoch, so DDL and GRANT/REVOKE retire it.

import { RECORD_PREFIX_BYTES, tablePrefix, RECORD_SEPARATOR } from '../../codec/index.js';
import type { ColumnDefinition, FastPointSelect } from '../api.js';
import type { ExprNode, SelectNode, StatementNode } from '../ast/index.js';
import { hasPrivilege } from '../catalog/privileges.js';
import type { ColumnInfo, TableInfo, UserRecord } from '../catalog/schema.js';
import type { InfoSchema } from '../catalog/info-schema.js';
import { isIntegerType } from '../types/column-type.js';

type FastKind = FastPointSelect['columns'][number]['kind'];

export interface FastPathFacts {
  readonly statement: StatementNode;
  /** Lifted literals plus `?` parameters. */
  readonly slotCount: number;
  readonly paramCount: number;
  readonly definitions: readonly ColumnDefinition[];
  readonly database: string | null;
  readonly schema: InfoSchema;
  readonly account: UserRecord;
  readonly epoch: number;
}

/** The row-format kind the native encoder reads a column as, or null when it does not. */
function fastKindOf(column: ColumnInfo): FastKind | null {
  const name = column.type.name;
  if (isIntegerType(name)) return column.type.unsigned ? 'uint' : 'int';
  switch (name) {
    case 'float':
    case 'double':
      return 'float';
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
    case 'binary':
    case 'varbinary':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      return 'bytes';
    default:
      return null;
  }
}

function columnNamed(table: TableInfo, name: string): ColumnInfo | undefined {
  const lower = name.toLowerCase();
  return table.columns.find((c) => c.name.toLowerCase() === lower);
}

/** Whether expr reads `column` of the one table in scope. */
function isColumnOf(expr: ExprNode, select: SelectNode, column: ColumnInfo): boolean {
  if (expr.kind !== 'ColumnRef') return false;
  if (expr.column.toLowerCase() !== column.name.toLowerCase()) return false;
  if (expr.table === null) return true;
  const from = select.from[0]!;
  if (from.kind !== 'TableRef') return false;
  return expr.table.toLowerCase() === (from.alias ?? from.name).toLowerCase();
}

export function describeFastPointSelect(facts: FastPathFacts): FastPointSelect | undefined {
  const select = facts.statement;
  if (select.kind !== 'Select') return undefined;
  if (facts.paramCount !== 1 || facts.slotCount !== 1) return undefined;
  if (
    select.distinct ||
    select.groupBy.length > 0 ||
    select.having !== null ||
    select.orderBy.length > 0 ||
    select.limit !== null ||
    select.lock !== null ||
    select.from.length !== 1 ||
    select.where === null
  ) {
    return undefined;
  }
  const from = select.from[0]!;
  if (from.kind !== 'TableRef') return undefined;
  const database = from.database ?? facts.database;
  if (database === null || database.toLowerCase() === 'information_schema') return undefined;
  const table = facts.schema.table(database, from.name);
  if (table === undefined || table.handleColumn < 0) return undefined;
  if (!hasPrivilege(facts.account, 'SELECT', database, table.name)) return undefined;

  // WHERE pk = ? (either side).
  const handle = table.columns[table.handleColumn]!;
  const where = select.where!;
  if (where.kind !== 'Binary' || where.op !== '=') return undefined;
  const paramOnRight = where.right.kind === 'Param' && isColumnOf(where.left, select, handle);
  const paramOnLeft = where.left.kind === 'Param' && isColumnOf(where.right, select, handle);
  if (!paramOnRight && !paramOnLeft) return undefined;

  const columns: Array<{ id: number; kind: FastKind }> = [];
  for (const item of select.items) {
    if (item.expr.kind !== 'ColumnRef') return undefined;
    const column = columnNamed(table, item.expr.column);
    if (column === undefined || !isColumnOf(item.expr, select, column)) return undefined;
    const kind = fastKindOf(column);
    if (kind === null) return undefined;
    columns.push({ id: column.id, kind });
  }
  if (columns.length !== facts.definitions.length || columns.length === 0) return undefined;

  const rowKeyPrefix = Buffer.concat([tablePrefix(table.id), RECORD_SEPARATOR]);
  if (rowKeyPrefix.length !== RECORD_PREFIX_BYTES) return undefined;
  return { epoch: facts.epoch, rowKeyPrefix, columns, definitions: facts.definitions };
}
