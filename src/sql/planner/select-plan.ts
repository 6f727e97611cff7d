// The plan of a query: where rows come from and what happens to them.

import type { RowDecoder } from '../../codec/index.js';
import type { ColumnDefinition } from '../api.js';
import type { AggregateSpec } from '../executor/aggregates.js';
import type { Comparator } from '../expr/compare.js';
import type { Compiled, SubqueryMode } from '../expr/compiled.js';
import type { ExprType } from '../expr/expr-type.js';
import type { Value } from '../types/value.js';
import type { AccessPath } from './access-path.js';
import type { VirtualTable } from './plan-env.js';
import type { SourceTable } from './table-scope.js';

export interface SortKey {
  readonly expr: Compiled;
  readonly descending: boolean;
  /** Compares prepared values. */
  readonly compare: Comparator;
  /** Turns a non-NULL value into what compare takes (a collation key for strings), or null. */
  readonly prepare: ((value: Value) => Value) | null;
}

export interface SubqueryPlan {
  readonly plan: QueryPlan;
  readonly mode: SubqueryMode;
}

export interface SelectPlan {
  readonly kind: 'Select';
  readonly columns: readonly ColumnDefinition[];
  readonly types: readonly ExprType[];
  /** null: no FROM (one empty row). */
  readonly source: SourceTable | null;
  readonly virtual: VirtualTable | null;
  readonly access: AccessPath;
  readonly decoder: RowDecoder | null;
  /** Slots of an input row. */
  readonly width: number;
  readonly where: Compiled | null;
  readonly aggregation: {
    readonly groupBy: readonly Compiled[];
    readonly specs: readonly AggregateSpec[];
  } | null;
  readonly having: Compiled | null;
  readonly projection: readonly Compiled[];
  readonly orderBy: readonly SortKey[];
  readonly distinct: boolean;
  readonly limit: Compiled | null;
  readonly offset: Compiled | null;
  readonly forUpdate: boolean;
  readonly subqueries: readonly SubqueryPlan[];
}

export interface SetOperationPlan {
  readonly kind: 'SetOperation';
  readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  readonly all: boolean;
  readonly left: QueryPlan;
  readonly right: QueryPlan;
  readonly columns: readonly ColumnDefinition[];
  readonly types: readonly ExprType[];
  readonly orderBy: ReadonlyArray<{
    readonly column: number;
    readonly descending: boolean;
    readonly compare: Comparator;
  }>;
  readonly limit: Compiled | null;
  readonly offset: Compiled | null;
}

export type QueryPlan = SelectPlan | SetOperationPlan;
