// Plans SELECT: resolves names, expands *, compiles expressions (with aggregates when the query
// groups, and rollup values WITH ROLLUP), and picks how rows are read: one stored table through
// its access path (the fast path of point and range selects), or a join plan (join-planner.ts)
// for joins, derived tables and information_schema tables.

import { ER } from '../../server/constants/error-codes.js';
import type {
  AggregateNode,
  ColumnRefNode,
  ExprNode,
  LimitClause,
  QueryNode,
  SelectItem,
  SelectNode,
} from '../ast/index.js';
import { makeAggregateSpec } from '../executor/aggregates.js';
import type { AggregateSpec } from '../executor/aggregates.js';
import { sqlError } from '../errors.js';
import { makeComparator } from '../expr/compare.js';
import { compileExpr } from '../expr/compile.js';
import type { Compiled, CompileScope } from '../expr/compiled.js';
import { toText } from '../expr/convert.js';
import type { ExprType } from '../expr/expr-type.js';
import { groupKey } from '../types/collation.js';
import { chooseAccessPath, conjuncts, coveringScan } from './access-path.js';
import type { AccessPath } from './access-path.js';
import { hasAggregate, hasSubquery, isVolatile, mapExpr } from './expr-walk.js';
import { resolveFrom } from './from-clause.js';
import { allOf, JoinPlanner } from './join-planner.js';
import type { Condition } from './join-planner.js';
import type { PlanEnv } from './plan-env.js';
import { QueryScope } from './query-scope.js';
import { orderedPath, orderingIndexScan } from './index-order.js';
import type { OrderColumn } from './index-order.js';
import { resultColumn } from './result-columns.js';
import type { Aggregation, JoinPlan, QueryPlan, SelectPlan, SortKey } from './select-plan.js';
import { planSetOperation } from './set-operation-planner.js';
import { TableScope } from './table-scope.js';
import type { TableSource } from './table-scope.js';

export function planQuery(node: QueryNode, env: PlanEnv): QueryPlan {
  return node.kind === 'Select' ? planSelect(node, env) : planSetOperation(node, env, planQuery);
}

/** Replaces bare names that are select-list aliases (and not columns) by the aliased expression. */
function substituteAliases(
  node: ExprNode,
  items: readonly SelectItem[],
  isColumn: (ref: ColumnRefNode) => boolean,
): ExprNode {
  return mapExpr(node, (n) => {
    if (n.kind === 'Aggregate') return n;
    if (n.kind !== 'ColumnRef' || n.table !== null || isColumn(n)) return undefined;
    const item = items.find(
      (i) => i.alias !== null && i.alias.toLowerCase() === n.column.toLowerCase(),
    );
    return item ? item.expr : undefined;
  });
}

/** ORDER BY / GROUP BY item: a position, an alias, or an expression. */
function resolveOrderItem(
  expr: ExprNode,
  items: readonly SelectItem[],
  isColumn: (ref: ColumnRefNode) => boolean,
  clause: string,
): ExprNode {
  if (expr.kind === 'Literal' && expr.type === 'int') {
    const position = Number(expr.value);
    if (position < 1 || position > items.length)
      throw sqlError(ER.BAD_FIELD_ERROR, String(position), clause);
    return items[position - 1]!.expr;
  }
  if (expr.kind === 'ColumnRef' && expr.table === null) {
    const item = items.find(
      (i) => i.alias !== null && i.alias.toLowerCase() === expr.column.toLowerCase(),
    );
    if (item && (clause === 'order clause' || !isColumn(expr))) return item.expr;
  }
  return substituteAliases(expr, items, isColumn);
}

/** A stable text of an expression, for telling equal expressions apart (aggregates, rollup). */
function exprKey(node: ExprNode): string {
  return JSON.stringify(node, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}

export function planSelect(node: SelectNode, env: PlanEnv): SelectPlan {
  const tables = new TableScope();
  const from = resolveFrom(node.from, env, tables, (query, database) =>
    planQuery(query, database === null ? env : { ...env, database }),
  );
  const query = new QueryScope(tables, env, planQuery);
  const isColumn = (ref: ColumnRefNode) => tables.lookup(ref, 'field list') !== undefined;

  const items = expandStars(node.items, from.star, tables);
  const grouped =
    node.groupBy.length > 0 ||
    items.some((i) => hasAggregate(i.expr)) ||
    hasAggregate(node.having) ||
    node.orderBy.some((o) => hasAggregate(o.expr));
  if (node.where && hasAggregate(node.where)) throw sqlError(ER.INVALID_GROUP_FUNC_USE);

  // WHERE: in a join, conditions without subqueries move into the join steps; the rest (and
  // every condition of a single-table read) are checked on the rows read.
  const singleTable =
    from.group !== null &&
    from.group.leaves.length === 1 &&
    from.group.attachments.length === 0 &&
    from.group.leaves[0]!.kind === 'table';
  const pushed: Condition[] = [];
  const early: Compiled[] = [];
  const late: Compiled[] = [];
  const whereScope = query.scope('where clause', 'input');
  for (const conjunct of conjuncts(node.where)) {
    if (from.group && !singleTable && !hasSubquery(conjunct) && !isVolatile(conjunct)) {
      pushed.push({ node: conjunct, sources: query.sourcesOf(conjunct), clause: 'where clause' });
      continue;
    }
    const before = query.correlated.length;
    const compiled = compileExpr(conjunct, whereScope);
    (query.correlated.length > before ? late : early).push(compiled);
  }

  const inputScope = query.scope('group statement', 'input');
  const groupNodes = node.groupBy.map((g) =>
    resolveOrderItem(g, items, isColumn, 'group statement'),
  );
  const groupBy = groupNodes.map((g) => compileExpr(g, inputScope));

  const specs: AggregateSpec[] = [];
  const specSlots: number[] = [];
  const specKeys: string[] = [];
  const registerAggregate = (agg: AggregateNode) => {
    const key = exprKey(agg);
    const existing = specKeys.indexOf(key);
    if (existing >= 0) return { slot: specSlots[existing]!, type: specs[existing]!.type };
    if (agg.args.some(hasAggregate)) throw sqlError(ER.INVALID_GROUP_FUNC_USE);
    const argScope = query.scope('group statement', 'input');
    const args = agg.args.map((a) => compileExpr(a, argScope));
    const orderBy = agg.orderBy.map((o) => ({
      expr: compileExpr(o.expr, argScope),
      descending: o.descending,
    }));
    specs.push(makeAggregateSpec(agg, args, orderBy));
    specKeys.push(key);
    specSlots.push(query.allocateSlot());
    return { slot: specSlots[specSlots.length - 1]!, type: specs[specs.length - 1]!.type };
  };

  const rollupSlots = node.withRollup ? groupBy.map(() => query.allocateSlot()) : null;
  const groupKeys = groupNodes.map(exprKey);
  const outputScope = (clause: string): CompileScope => {
    const scope = query.scope(clause, 'output', grouped ? registerAggregate : null);
    if (!rollupSlots) return scope;
    return {
      ...scope,
      groupValue: (n) => {
        if (n.kind === 'Aggregate') return undefined;
        const i = groupKeys.indexOf(exprKey(n));
        if (i < 0) return undefined;
        const slot = rollupSlots[i]!;
        const type = { ...groupBy[i]!.type, nullable: true };
        return { type, constant: false, evaluate: (row) => row[slot]! };
      },
    };
  };

  const projection = items.map((i) => compileExpr(i.expr, outputScope('field list')));
  const having = node.having
    ? compileExpr(substituteAliases(node.having, items, isColumn), outputScope('having clause'))
    : null;
  const orderNodes = node.orderBy.map((o) =>
    resolveOrderItem(o.expr, items, isColumn, 'order clause'),
  );
  let orderBy: SortKey[] = node.orderBy.map((o, i) => {
    const expr = compileExpr(orderNodes[i]!, outputScope('order clause'));
    return { expr, descending: o.descending, ...sortKeyFor(expr.type) };
  });
  const limitScope = query.scope('LIMIT', 'input');
  const { limit, offset } = compileLimit(node.limit, limitScope);

  let source: TableSource | null = null;
  let access: AccessPath = { kind: 'TableScan' };
  let join: JoinPlan | null = null;
  if (singleTable) {
    source = from.group!.leaves[0] as TableSource;
    const table = source;
    access = chooseAccessPath(
      table,
      node.where,
      (n) => compileExpr(n, whereScope),
      (ref) => {
        const found = tables.lookup(ref, 'where clause');
        return found?.source === table ? found : undefined;
      },
    );
  } else if (from.group) {
    const planner = new JoinPlanner({
      scope: tables,
      compile: (n, clause) => compileExpr(n, query.scope(clause, 'input')),
      sourcesOf: (n) => query.sourcesOf(n),
      statistics: (table) => env.statistics?.(table),
      coveringScans: node.lock === null,
    });
    join = planner.plan(from.group, pushed);
  }
  let keyOrdered = false;
  if (source && orderBy.length > 0 && !grouped && !node.distinct) {
    // Rows read in ORDER BY order need no sort (and then LIMIT stops the read early).
    const table = source;
    const order = node.orderBy.map((o, i): OrderColumn | null => {
      const ref = orderNodes[i]!;
      if (ref.kind !== 'ColumnRef') return null;
      const found = tables.lookup(ref, 'order clause');
      return found?.source === table ? { offset: found.offset, descending: o.descending } : null;
    });
    let ordered = orderedPath(access, source, order);
    if (ordered === null && access.kind === 'TableScan' && limit !== null)
      ordered = orderingIndexScan(source, order);
    if (ordered !== null) {
      access = ordered;
      orderBy = [];
      keyOrdered = true;
    }
  }
  // A covering index reads in its own order, which only serves when no order was asked for.
  if (source && access.kind === 'TableScan' && node.lock === null && !keyOrdered)
    access = coveringScan(source) ?? access;
  const decoder = source
    ? source.codec.decoder(
        [...source.used].sort((a, b) => a - b),
        source.slotBase,
      )
    : null;

  const aggregation: Aggregation | null = grouped
    ? {
        groupBy,
        specs,
        slots: specSlots,
        rollupSlots,
        groupOrder: rollupSlots
          ? groupBy.map((g) => ({ compare: makeComparator(g.type, g.type) }))
          : null,
      }
    : null;
  const columns = items.map((item, i) => {
    const type = projection[i]!.type;
    const alias = type.source?.table;
    const owner = tables.sources.find((s) => s.alias === alias);
    // MySQL names a bare column by the column alone (`t.id` is `id`), anything else as written.
    const name = item.alias ?? (item.expr.kind === 'ColumnRef' ? item.expr.column : item.text);
    return resultColumn(name, type, owner?.kind === 'table' ? owner.table : undefined);
  });
  return {
    kind: 'Select',
    columns,
    types: projection.map((p) => p.type),
    source,
    access,
    decoder,
    join,
    width: query.width,
    where: allOf(early),
    lateWhere: allOf(late),
    aggregation,
    having,
    projection,
    orderBy,
    distinct: node.distinct,
    limit,
    offset,
    forUpdate: node.lock === 'FOR UPDATE',
    subqueries: query.subqueries,
    correlated: query.correlated,
  };
}

/** The select list with `*` and `t.*` replaced by the columns they stand for. */
function expandStars(
  list: readonly SelectItem[],
  star: ReturnType<typeof resolveFrom>['star'],
  tables: TableScope,
): SelectItem[] {
  const items: SelectItem[] = [];
  for (const item of list) {
    if (item.expr.kind !== 'Star') {
      items.push(item);
      continue;
    }
    const qualifier = item.expr.table;
    if (tables.sources.length === 0) throw sqlError(ER.NO_TABLES_USED);
    const columns =
      qualifier === null
        ? star
        : (() => {
            const source = tables.sources.find((s) => s.alias === qualifier);
            if (!source) throw sqlError(ER.BAD_TABLE_ERROR, qualifier);
            return source.columnNames.map((_, offset) => ({ source, offset }));
          })();
    for (const { source, offset } of columns) {
      const name = source.columnNames[offset]!;
      items.push({
        expr: { kind: 'ColumnRef', database: null, table: source.alias, column: name },
        alias: null,
        text: name,
      });
    }
  }
  return items;
}

/**
 * How ORDER BY compares a type: strings under a case-insensitive collation are turned into their
 * collation key once per row, so that sorting compares plain strings.
 */
export function sortKeyFor(type: ExprType): Pick<SortKey, 'compare' | 'prepare'> {
  if (type.kind === 'string' && type.collation.caseInsensitive) {
    const collation = type.collation;
    return {
      prepare: (value) => groupKey(toText(value, type)!, collation),
      compare: (x, y) =>
        (x as string) < (y as string) ? -1 : (x as string) > (y as string) ? 1 : 0,
    };
  }
  return { prepare: null, compare: makeComparator(type, type) };
}

export function compileLimit(
  clause: LimitClause | null,
  scope: CompileScope,
): { limit: Compiled | null; offset: Compiled | null } {
  if (!clause) return { limit: null, offset: null };
  const check = (c: Compiled) => {
    if (c.type.kind !== 'int' && c.type.kind !== 'null')
      throw sqlError(ER.WRONG_ARGUMENTS, 'LIMIT');
    return c;
  };
  return {
    limit: check(compileExpr(clause.count, scope)),
    offset: clause.offset ? check(compileExpr(clause.offset, scope)) : null,
  };
}
