// The scope expressions of one SELECT compile in: its tables, the enclosing queries' columns
// (a reference that names no column of this query's tables reads the current row of the query
// around it), the row slots past the tables' columns (subquery results, aggregates), and the
// subqueries it holds, planned as uncorrelated (run once) or correlated (run per row).

import { ER } from '../../server/constants/error-codes.js';
import type { AggregateNode, ColumnRefNode, ExprNode, QueryNode } from '../ast/index.js';
import { sqlError } from '../errors.js';
import type { Compiled, CompileScope, SubqueryMode, SubqueryRef } from '../expr/compiled.js';
import { makeType } from '../expr/expr-type.js';
import type { ExprType } from '../expr/expr-type.js';
import { walk } from './expr-walk.js';
import type { OuterScope, PlanEnv } from './plan-env.js';
import type { CorrelatedSubquery, QueryPlan, SubqueryPlan } from './select-plan.js';
import type { SourceTable, TableScope } from './table-scope.js';
import { unknownColumn } from './table-scope.js';

/** When a correlated subquery's result is computed for a row (see CorrelatedSubquery). */
export type SubqueryPhase = 'input' | 'output';

export type PlanQuery = (node: QueryNode, env: PlanEnv) => QueryPlan;

export class QueryScope {
  readonly subqueries: SubqueryPlan[] = [];
  readonly correlated: CorrelatedSubquery[] = [];
  private nextSlot: number;
  /** Tables each expression reads, cached by node (conditions are asked about many times). */
  private readonly sourcesCache = new Map<ExprNode, ReadonlySet<SourceTable>>();

  constructor(
    readonly tables: TableScope,
    readonly env: PlanEnv,
    private readonly planQuery: PlanQuery,
  ) {
    this.nextSlot = tables.width;
  }

  /** Slots of a row: the tables' columns and every slot allocated so far. */
  get width(): number {
    return this.nextSlot;
  }

  allocateSlot(): number {
    return this.nextSlot++;
  }

  /** A compile scope for one clause. */
  scope(
    clause: string,
    phase: SubqueryPhase,
    aggregate: ((node: AggregateNode) => { slot: number; type: ExprType }) | null = null,
  ): CompileScope {
    const env = this.env;
    return {
      clause,
      resolveColumn: (ref) => this.resolveColumn(ref, clause),
      paramType: (i) => env.paramType(i),
      variableType: (n) => env.variableType(n),
      aggregate,
      subquery: (query, mode) => this.subquery(query, mode, phase),
    };
  }

  resolveColumn(ref: ColumnRefNode, clause: string): { slot: number; type: ExprType } | Compiled {
    const found = this.tables.lookup(ref, clause);
    if (found) return this.tables.columnOf(found);
    const outer = this.env.outer;
    if (outer?.has(ref)) return outer.resolve(ref, clause);
    throw unknownColumn(ref, clause);
  }

  /** The tables of this query an expression reads (enclosing queries' columns are constants). */
  sourcesOf(node: ExprNode): ReadonlySet<SourceTable> {
    let sources = this.sourcesCache.get(node);
    if (sources) return sources;
    const found = new Set<SourceTable>();
    walk(node, (n) => {
      if (n.kind !== 'ColumnRef') return;
      const column = this.tables.lookup(n, 'where clause');
      if (column) found.add(column.source);
    });
    sources = found;
    this.sourcesCache.set(node, sources);
    return sources;
  }

  /** Plans a subquery: uncorrelated ones run once, correlated ones per row of this query. */
  private subquery(query: QueryNode, mode: SubqueryMode, phase: SubqueryPhase): SubqueryRef {
    const correlations: Compiled[] = [];
    const readers: Compiled[] = [];
    const indexOf = new Map<unknown, number>();
    const tables = this.tables;
    const enclosing = this.env.outer;
    const outer: OuterScope = {
      has: (ref) =>
        tables.lookup(ref, 'field list') !== undefined || (enclosing?.has(ref) ?? false),
      resolve: (ref, clause) => {
        let key: unknown;
        let value: Compiled;
        const found = tables.lookup(ref, clause);
        if (found) {
          const { slot, type } = tables.columnOf(found);
          key = slot;
          value = { type, constant: false, evaluate: (row) => row[slot]! };
        } else if (enclosing?.has(ref)) {
          value = enclosing.resolve(ref, clause);
          key = value;
        } else throw unknownColumn(ref, clause);
        let index = indexOf.get(key);
        if (index === undefined) {
          index = correlations.length;
          const at = index;
          correlations.push(value);
          readers.push({
            type: value.type,
            constant: false,
            evaluate: (_row, ctx) => ctx.outer![at]!,
          });
          indexOf.set(key, index);
        }
        return readers[index]!;
      },
    };
    const plan = this.planQuery(query, { ...this.env, outer });
    if (mode !== 'exists' && plan.types.length !== 1) throw sqlError(ER.OPERAND_COLUMNS, 1);
    const type =
      mode === 'exists'
        ? makeType('int', { nullable: false, length: 1 })
        : { ...plan.types[0]!, nullable: true, source: null };
    if (correlations.length === 0) {
      const index = this.subqueries.length;
      this.subqueries.push({ plan, mode });
      return { type, result: (_row, ctx) => ctx.subqueryResults[index] };
    }
    const slot = this.allocateSlot();
    this.correlated.push({ plan, mode, correlations, slot, phase });
    return { type, result: (row) => row[slot] };
  }
}
