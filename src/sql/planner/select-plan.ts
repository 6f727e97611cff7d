// The plan of a query: where rows come from and what happens to them.

import type { RowDecoder } from '../../codec/index.js';
import type { ColumnDefinition } from '../api.js';
import type { AggregateSpec } from '../executor/aggregates.js';
import type { Comparator } from '../expr/compare.js';
import type { Compiled, SubqueryMode } from '../expr/compiled.js';
import type { EqualityKey } from '../expr/equality-key.js';
import type { ExprType } from '../expr/expr-type.js';
import type { Value } from '../types/value.js';
import type { AccessPath } from './access-path.js';
import type { SourceTable, TableSource } from './table-scope.js';

export interface SortKey {
  readonly expr: Compiled;
  readonly descending: boolean;
  /** Compares prepared values. */
  readonly compare: Comparator;
  /** Turns a non-NULL value into what compare takes (a collation key for strings), or null. */
  readonly prepare: ((value: Value) => Value) | null;
}

/** An uncorrelated subquery: run once before the rows are read; ctx.subqueryResults[i]. */
export interface SubqueryPlan {
  readonly plan: QueryPlan;
  readonly mode: SubqueryMode;
}

/**
 * A correlated subquery: run for each row of the enclosing query (once per distinct values of the
 * columns it reads from that row), its result put into a slot of the row before the clause that
 * reads it is evaluated. Input subqueries (WHERE, GROUP BY, aggregate arguments) see the rows as
 * read; output subqueries (select list, HAVING, ORDER BY) see them as grouped.
 */
export interface CorrelatedSubquery {
  readonly plan: QueryPlan;
  readonly mode: SubqueryMode;
  /** The values of the enclosing row the subquery reads (its ctx.outer). */
  readonly correlations: readonly Compiled[];
  readonly slot: number;
  readonly phase: 'input' | 'output';
}

/** Reads the rows of one table of a join once, to be matched against many rows. */
export type MaterializedRows =
  | { readonly kind: 'table'; readonly source: TableSource; readonly path: AccessPath }
  | { readonly kind: 'computed'; readonly source: SourceTable };

/** The equalities of a hash join: values of the table read once, and of the rows probing it. */
export interface HashKeys {
  readonly build: readonly Compiled[];
  readonly probe: readonly Compiled[];
  readonly buildKey: readonly EqualityKey[];
  readonly probeKey: readonly EqualityKey[];
}

/** How one step of a join finds its rows for the row joined so far. */
export type JoinUnit =
  /** Read through an access path per joined row (an index nested-loop probe), or once first. */
  | { readonly kind: 'read'; readonly source: TableSource; readonly path: AccessPath }
  /**
   * Read once into memory (filtered by the conditions on the table alone), then for each joined
   * row the rows whose keys equal the probe keys (a hash join), or all of them (no keys).
   */
  | {
      readonly kind: 'materialized';
      readonly rows: MaterializedRows;
      readonly slotBase: number;
      readonly width: number;
      readonly buildFilter: Compiled | null;
      readonly keys: HashKeys | null;
    }
  /** The right side of an outer join that is itself a join. */
  | { readonly kind: 'nested'; readonly steps: readonly JoinStep[] };

export interface JoinStep {
  /** The unit is LEFT JOINed: a row that meets no candidate continues with its slots NULL. */
  readonly outer: boolean;
  readonly unit: JoinUnit;
  /** Conditions a candidate row must meet (for an outer step, those of the ON clause). */
  readonly filter: Compiled | null;
  /** Outer steps: conditions applied after the NULL-extension (from WHERE). */
  readonly post: Compiled | null;
  /** Slots cleared when an outer step found no candidate. */
  readonly nullSlots: readonly number[];
  /** What EXPLAIN shows of the step. */
  readonly explain: JoinStepExplain;
}

export interface JoinStepExplain {
  readonly sources: readonly SourceTable[];
  readonly method: 'first' | 'probe' | 'hash' | 'loop' | 'nested';
  /** Rows read per joined row, as estimated. */
  readonly rows: number;
  /** The columns of earlier tables a probe or hash join reads (db.table.column), or 'const'. */
  readonly ref: readonly string[];
}

export interface JoinPlan {
  readonly steps: readonly JoinStep[];
  /** Decoder of each stored table's used columns, by its position in FROM. */
  readonly decoders: ReadonlyArray<RowDecoder | null>;
}

export interface Aggregation {
  readonly groupBy: readonly Compiled[];
  readonly specs: readonly AggregateSpec[];
  /** Row slot of each aggregate's result. */
  readonly slots: readonly number[];
  /**
   * WITH ROLLUP: slots holding each GROUP BY value in a result row (NULL in the super-aggregate
   * rows where that level is rolled up), which the output expressions read.
   */
  readonly rollupSlots: readonly number[] | null;
  /** How group values sort (the order of WITH ROLLUP's output). */
  readonly groupOrder: ReadonlyArray<Pick<SortKey, 'compare'>> | null;
}

export interface SelectPlan {
  readonly kind: 'Select';
  readonly columns: readonly ColumnDefinition[];
  readonly types: readonly ExprType[];
  /** A single stored table read through its access path, or null. */
  readonly source: TableSource | null;
  readonly access: AccessPath;
  readonly decoder: RowDecoder | null;
  /** Joins, derived and information_schema tables; null for one stored table or no FROM. */
  readonly join: JoinPlan | null;
  /** Slots of an input row: every table's columns, then subquery results and aggregates. */
  readonly width: number;
  /** WHERE conditions evaluated before the input subqueries. */
  readonly where: Compiled | null;
  /** WHERE conditions that read correlated subqueries. */
  readonly lateWhere: Compiled | null;
  readonly aggregation: Aggregation | null;
  readonly having: Compiled | null;
  readonly projection: readonly Compiled[];
  readonly orderBy: readonly SortKey[];
  readonly distinct: boolean;
  readonly limit: Compiled | null;
  readonly offset: Compiled | null;
  readonly forUpdate: boolean;
  readonly subqueries: readonly SubqueryPlan[];
  readonly correlated: readonly CorrelatedSubquery[];
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
