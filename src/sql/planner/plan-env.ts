// What planning needs from the session: the schema, the default database, the types of
// parameters and variables, the virtual tables of information_schema, the tables' statistics,
// and (for a subquery) the scope of the queries around it.

import type { ColumnRefNode, VariableNode } from '../ast/index.js';
import type { InfoSchema } from '../catalog/info-schema.js';
import type { TableInfo } from '../catalog/schema.js';
import type { Compiled } from '../expr/compiled.js';
import type { ExprType } from '../expr/expr-type.js';
import type { Row } from '../types/value.js';
import type { TableStatistics } from './cost-model.js';

/** A table whose rows are computed when read (information_schema). */
export interface VirtualTable {
  readonly info: TableInfo;
  rows(): Promise<Row[]>;
}

/** The columns of the queries enclosing a subquery, which it may read (correlation). */
export interface OuterScope {
  /** Whether the reference names a column of an enclosing query. */
  has(ref: ColumnRefNode): boolean;
  /** What reads that column's value for the current row of the enclosing query. */
  resolve(ref: ColumnRefNode, clause: string): Compiled;
}

export interface PlanEnv {
  readonly schema: InfoSchema;
  readonly database: string | null;
  paramType(index: number): ExprType;
  variableType(node: VariableNode): ExprType;
  virtualTable(database: string, name: string): VirtualTable | undefined;
  /** What ANALYZE TABLE stored of the table, if it ran. */
  statistics?(table: TableInfo): TableStatistics | undefined;
  /** Set when planning a subquery or a derived table. */
  readonly outer?: OuterScope;
}
