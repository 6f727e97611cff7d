// What planning needs from the session: the schema, the default database, the types of
// parameters and variables, and the virtual tables of information_schema.

import type { VariableNode } from '../ast/index.js';
import type { InfoSchema } from '../catalog/info-schema.js';
import type { TableInfo } from '../catalog/schema.js';
import type { ExprType } from '../expr/expr-type.js';
import type { Row } from '../types/value.js';

/** A table whose rows are computed when read (information_schema). */
export interface VirtualTable {
  readonly info: TableInfo;
  rows(): Promise<Row[]>;
}

export interface PlanEnv {
  readonly schema: InfoSchema;
  readonly database: string | null;
  paramType(index: number): ExprType;
  variableType(node: VariableNode): ExprType;
  virtualTable(database: string, name: string): VirtualTable | undefined;
}
